using Microsoft.Extensions.Logging;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Training.Distillation;
using ReasonRL.Training.Problems;
using ReasonRL.Training.Recipes;

namespace ReasonRL.Training.Stages;

/// <summary>
/// The <c>distill_data</c> stage: <see cref="DistillDataGenerator"/> on the teacher, writing <c>dataset.jsonl</c>
/// (and its problems and statistics files) in the stage folder; its result names the dataset for later stages.
/// </summary>
public sealed class DistillDataRunner(TaskFamilyRegistry families, VerifierRegistry verifiers, ILogger<DistillDataRunner> logger) : IStageRunner
{
    public string Kind => "distill_data";

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var stage = (DistillDataStage)context.Stage;
        var teacher = context.ResolveModel(stage.Teacher!);
        var problems = TrainingProblems(stage.Problems, families, context.Seed);
        var dataset = context.Folder.Combine("dataset.jsonl");
        logger.LogInformation(
            "{Stage}: {Problems} problems × {Samples} samples from {Teacher}, keeping {Keep}", stage.EffectiveName, problems.Count, stage.Samples, teacher, stage.Keep);
        var result = await new DistillDataGenerator(families, verifiers.Get(VerifierRegistry.Correctness), logger).RunAsync(
            new DistillDataRequest
            {
                Teacher = teacher,
                Prompts = context.Recipe.Prompts,
                Problems = problems,
                Samples = stage.Samples,
                Keep = stage.Keep,
                Temperature = stage.Sampling.Temperature,
                TopP = stage.Sampling.TopP,
                TopK = stage.Sampling.TopK,
                MaxNewTokens = stage.Sampling.MaxNewTokens,
                Seed = context.Seed,
                Out = dataset,
                Resume = context.Resume,
                Compute = context.Recipe.Compute,
            },
            cancellationToken).ConfigureAwait(false);
        logger.LogInformation("{Stage}: dataset statistics{NewLine}{Table}", stage.EffectiveName, Environment.NewLine, StatisticsTable.Write(result.Statistics));

        var summary = result.Statistics.Headline();
        var compute = new ComputeMeter();
        using (var loaded = Checkpoint.Load(teacher, context.Recipe.Compute))
        {
            compute.Forward(loaded.Model, result.Statistics.TeacherTokens);
        }

        compute.AddTo(summary);
        return new StageResult(stage.EffectiveName, null, summary) { Dataset = result.Dataset };
    }

    /// <summary>
    /// The problems a dataset is built from: a file's first <c>count</c> problems (all when 0), or <c>count</c>
    /// train-split problems from the families (the held-out evaluation draws from the test split).
    /// </summary>
    public static IReadOnlyList<Problem> TrainingProblems(ProblemsSection section, TaskFamilyRegistry families, ulong seed)
    {
        var source = new ProblemSource(section, families);
        return section.File is not null
            ? source.HeldOut(seed)
            : [.. Enumerable.Range(0, section.Count).Select(i => source.Training(seed, 0, i, section.Count))];
    }
}
