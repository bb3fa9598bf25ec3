namespace ReasonRL.Cli.Verbs;

/// <summary>Every verb of <c>reasonrl</c>, in the order <c>--help</c> lists them.</summary>
internal static class VerbCatalog
{
    public static IReadOnlyList<VerbRegistration> All { get; } =
    [
        new(TasksGenerateVerb.Spec, typeof(TasksGenerateVerb)),
        new(TasksImportVerb.Spec, typeof(TasksImportVerb)),
        new(VerifyVerb.Spec, typeof(VerifyVerb)),
        new(EvalVerb.Spec, typeof(EvalVerb)),
        new(SampleVerb.Spec, typeof(SampleVerb)),
        new(ScoreVerb.Spec, typeof(ScoreVerb)),
        new(TokenizeVerb.Spec, typeof(TokenizeVerb)),
        new(TrainVerb.Spec, typeof(TrainVerb)),
        new(DistillGenerateVerb.Spec, typeof(DistillGenerateVerb)),
        new(WorkerVerb.Spec, typeof(WorkerVerb)),
        new(LlcVerb.Spec, typeof(LlcVerb)),
        new(BenchVerb.Spec, typeof(BenchVerb)),
        new(ReportVerb.Spec, typeof(ReportVerb)),
        new(ServeVerb.Spec, typeof(ServeVerb)),
        new(CompletionVerb.Spec, typeof(CompletionVerb)),
    ];
}
