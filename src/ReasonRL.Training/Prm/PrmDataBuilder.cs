using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ReasonRL.Core.Prm;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Sampling;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Evaluation;
using ReasonRL.Training.Problems;
using ReasonRL.Training.Recipes;

namespace ReasonRL.Training.Prm;

/// <summary>
/// Builds the labelled solutions of a <c>prm</c> stage (<see cref="PrmDataSection"/>, <see cref="PrmLabelSection"/>):
/// solutions sampled from the model and reference solutions rendered with mistakes, from train-split problems for
/// training and from test-split problems for the held-out set; each verified, cut into steps, and labelled by the
/// step checker or by Math-Shepherd's Monte-Carlo estimate with the same model as completer.
/// </summary>
public sealed class PrmDataBuilder(TaskFamilyRegistry families, VerifierRegistry verifiers, ILogger logger)
{
    private sealed record Solution(Problem Problem, PrmSolutionSource Source, string Completion);

    public async Task<(IReadOnlyList<PrmExample> Train, IReadOnlyList<PrmExample> HeldOut)> BuildAsync(
        PrmStage stage, TransformerModel model, PromptBuilder prompts, ulong seed, CancellationToken cancellationToken)
    {
        var data = stage.Data;
        var heldSampled = HeldOutCount(data.SampledProblems, data.HeldOutFraction);
        var heldRendered = HeldOutCount(data.Rendered, data.HeldOutFraction);
        var problems = new ProblemSource(new ProblemsSection { Families = data.Families, Count = Math.Max(1, heldSampled + heldRendered) }, families);
        var trainCount = data.SampledProblems + data.Rendered;
        var trainProblems = Enumerable.Range(0, trainCount).Select(slot => problems.Training(SeedMixer.Mix(seed, "problems"), 0, slot, trainCount)).ToList();
        var heldOutProblems = heldSampled + heldRendered == 0 ? [] : problems.HeldOut(SeedMixer.Mix(seed, "held-out problems"));

        var clock = Stopwatch.StartNew();
        var train = await LabelAsync(
            [.. Sample(trainProblems.Take(data.SampledProblems), data, model, prompts, SeedMixer.Mix(seed, "train samples"), cancellationToken),
             .. Render(trainProblems.Skip(data.SampledProblems), data, SeedMixer.Mix(seed, "train renders"))],
            stage.Labels, data, model, prompts, SeedMixer.Mix(seed, "train labels"), cancellationToken).ConfigureAwait(false);
        var heldOut = await LabelAsync(
            [.. Sample(heldOutProblems.Take(heldSampled), data, model, prompts, SeedMixer.Mix(seed, "held-out samples"), cancellationToken),
             .. Render(heldOutProblems.Skip(heldSampled), data, SeedMixer.Mix(seed, "held-out renders"))],
            stage.Labels, data, model, prompts, SeedMixer.Mix(seed, "held-out labels"), cancellationToken).ConfigureAwait(false);
        logger.LogInformation(
            "{Stage}: {Train} training and {HeldOut} held-out solutions labelled by {Source} in {Seconds:F0} s; {Steps:F1} steps per solution, {OnTrack:P0} of steps on track, {Correct:P0} of answers right",
            stage.EffectiveName, train.Count, heldOut.Count, stage.Labels.Source, clock.Elapsed.TotalSeconds,
            train.Average(e => e.Labels.Count), train.SelectMany(e => e.Labels).Average(l => l >= 0.5 ? 1.0 : 0.0), train.Average(e => e.Correct ? 1.0 : 0.0));
        return (train, heldOut);
    }

    private static int HeldOutCount(int count, double fraction) => count == 0 ? 0 : Math.Max(1, (int)Math.Round(count * fraction));

    /// <summary>Solutions sampled from the model, <c>samples_per_problem</c> per problem, seeded by (seed, problem, sample).</summary>
    private static IEnumerable<Solution> Sample(
        IEnumerable<Problem> problems, PrmDataSection data, TransformerModel model, PromptBuilder prompts, ulong seed, CancellationToken cancellationToken)
    {
        var requests = problems
            .SelectMany((problem, i) => Enumerable.Range(0, data.SamplesPerProblem)
                .Select(s => (Problem: problem, Request: new SampleRequest(prompts.Ids(problem.Prompt), SeedMixer.Mix(seed, (ulong)i, (ulong)s)))))
            .ToList();
        var options = new SamplingOptions { Temperature = data.Temperature, MaxNewTokens = data.MaxNewTokens, StopStrings = HeldOutEvaluation.StopStrings };
        var sampler = new Sampler(model, prompts.Tokenizer);
        foreach (var chunk in requests.Chunk(OnlineEvaluator.BatchRows))
        {
            var completions = sampler.Generate([.. chunk.Select(r => r.Request)], options, cancellationToken);
            for (var k = 0; k < chunk.Length; k++)
            {
                yield return new Solution(chunk[k].Problem, PrmSolutionSource.Sampled, completions[k].Text);
            }
        }
    }

    /// <summary>Reference solutions, each in a style drawn by weight, with the section's mistake rate.</summary>
    private IEnumerable<Solution> Render(IEnumerable<Problem> problems, PrmDataSection data, ulong seed)
    {
        var styles = data.RenderedStyles.Keys.ToList();
        var weights = data.RenderedStyles.Values.ToList();
        var options = new SolutionOptions { MistakeRate = data.MistakeRate };
        return problems.Select((problem, i) =>
        {
            var random = new DeterministicRandom(SeedMixer.Mix(seed, (ulong)i));
            var style = styles[random.PickWeighted(weights)];
            return new Solution(problem, PrmSolutionSource.Rendered, families.Get(problem.Family).RenderSolution(problem, style, options, random.NextUInt64()));
        });
    }

    private async Task<IReadOnlyList<PrmExample>> LabelAsync(
        IReadOnlyList<Solution> solutions, PrmLabelSection labels, PrmDataSection data, TransformerModel model, PromptBuilder prompts, ulong seed,
        CancellationToken cancellationToken)
    {
        var verifier = verifiers.Get(VerifierRegistry.Correctness);
        var verdicts = new Verdict[solutions.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = verifier.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, solutions.Count, parallel, async (i, token) =>
            verdicts[i] = await verifier.VerifyAsync(solutions[i].Problem, solutions[i].Completion, token).ConfigureAwait(false)).ConfigureAwait(false);

        var ends = solutions.Select((s, i) => SolutionSteps.Ends(s.Completion, verdicts[i], labels.Steps)).ToList();
        IReadOnlyList<IReadOnlyList<double>> stepLabels;
        if (labels.Source == PrmLabelSource.Verifier)
        {
            if (verdicts.All(v => v.Steps is not { Count: > 0 }))
            {
                logger.LogWarning("No verdict has step marks: the verifier checks no steps, so only answers are labelled; use labels.source: monte_carlo");
            }

            stepLabels = [.. solutions.Select((_, i) => VerifierStepLabels.Of(
                [.. (verdicts[i].Steps ?? []).Where(m => m.End < solutions[i].Completion.Length)], verdicts[i].IsCorrect, labels.AfterFirstError))];
        }
        else
        {
            var completer = new ModelStepCompleter(
                model, prompts, new SamplingOptions { Temperature = data.Temperature, MaxNewTokens = data.MaxNewTokens, StopStrings = HeldOutEvaluation.StopStrings });
            var estimated = await new MonteCarloLabeller(completer, verifier).LabelAsync(
                [.. solutions.Select((s, i) => new StepSolution(s.Problem, s.Completion, ends[i][..^1]))], labels.Continuations, seed, cancellationToken).ConfigureAwait(false);
            stepLabels = [.. estimated.Select(e => labels.Estimate == MonteCarloEstimate.Soft ? e.Soft : e.Hard)];
        }

        return [.. solutions.Select((s, i) => new PrmExample(
            s.Problem.Id, s.Source, prompts.Text(s.Problem.Prompt), s.Completion, ends[i], stepLabels[i], verdicts[i].IsCorrect))];
    }
}
