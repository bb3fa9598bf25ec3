using Microsoft.Extensions.Logging;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Sampling;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Problems;
using ReasonRL.Training.Recipes;

namespace ReasonRL.Training.Evaluation;

/// <summary>
/// A stage's evaluation of its model on held-out problems (<see cref="EvalSection"/>): samples, verifies with the
/// <c>correctness</c> verifier, writes the files to a folder, logs the headline and returns it. The problems and
/// sample seeds derive from the recipe seed alone, so every stage of a run that evaluates on the same problems section
/// sees the same problems: the base, the fine-tuned and the RL-trained model are compared on one set.
/// </summary>
public static class HeldOutEvaluation
{
    /// <summary>Completions stop at the first closing answer tag: nothing after it is read.</summary>
    public static readonly IReadOnlyList<string> StopStrings = [R1Template.AnswerClose];

    public static async Task<Dictionary<string, double>> RunAsync(
        TransformerModel model, PromptBuilder prompts, EvalSection settings, TaskFamilyRegistry families, VerifierRegistry verifiers,
        ulong recipeSeed, string folder, ILogger logger, string stage, CancellationToken cancellationToken, string prefix = "") =>
        (await RunWithCompletionsAsync(model, prompts, settings, families, verifiers, recipeSeed, folder, logger, stage, cancellationToken, prefix).ConfigureAwait(false)).Headline;

    /// <summary>As <see cref="RunAsync"/>, also returning the scored completions.</summary>
    public static async Task<(EvaluationRun Run, Dictionary<string, double> Headline)> RunWithCompletionsAsync(
        TransformerModel model, PromptBuilder prompts, EvalSection settings, TaskFamilyRegistry families, VerifierRegistry verifiers,
        ulong recipeSeed, string folder, ILogger logger, string stage, CancellationToken cancellationToken, string prefix = "")
    {
        var problems = new ProblemSource(settings.Problems, families).HeldOut(SeedMixer.Mix(recipeSeed, "held-out problems"));
        var evaluator = new OnlineEvaluator(families, verifiers.Get(VerifierRegistry.Correctness), ReflectionDetector.Default);
        var options = new SamplingOptions { Temperature = settings.Temperature, MaxNewTokens = settings.MaxNewTokens, StopStrings = StopStrings, Streams = settings.Streams };
        var run = await evaluator.RunAsync(model, prompts, problems, settings.Samples, options, SeedMixer.Mix(recipeSeed, "held-out samples"), cancellationToken).ConfigureAwait(false);
        EvaluationFiles.Write(folder, run);
        var headline = EvaluationFiles.Headline(run, prefix);
        foreach (var (name, value) in EvaluationDiversity.Of(run, families, prefix))
        {
            headline[name] = value;
        }

        logger.LogInformation(
            "{Stage}: held-out pass@1 {PassAt1:P1}, maj@{K} {MajAtK:P1}, mean length {Length:F1} tokens, reflection {Reflection:P1} ({Problems} problems × {Samples})",
            stage, run.Report.Overall.PassAt1, run.Report.K, run.Report.Overall.MajAtK, run.MeanTokens, run.Report.Overall.ReflectionRate, problems.Count, settings.Samples);
        foreach (var family in run.Report.Families)
        {
            logger.LogInformation(
                "{Stage}:   {Family}: {Levels}", stage, family.Family,
                string.Join(", ", family.Difficulties.Select(d => $"d{d.Difficulty} {d.Metrics.PassAt1:P0}")));
        }

        return (run, headline);
    }
}
