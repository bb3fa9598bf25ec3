using ReasonRL.Core.Records;
using ReasonRL.Core.Verification;

namespace ReasonRL.Core.Prm;

/// <summary>One continuation to sample: the problem, the solution prefix to continue, which of the N samples, its seed.</summary>
public sealed record ContinuationRequest(Problem Problem, string Prefix, int Sample, ulong Seed);

/// <summary>
/// The completer of Math-Shepherd's Monte-Carlo labelling: a model that continues a partial solution to the end.
/// Implementations return, per request and in order, the text that follows the prefix.
/// </summary>
public interface IStepCompleter
{
    Task<IReadOnlyList<string>> CompleteAsync(IReadOnlyList<ContinuationRequest> requests, CancellationToken cancellationToken);
}

/// <summary>A solution to label: its problem, its text, and where its steps end (character offsets, before the answer).</summary>
public sealed record StepSolution(Problem Problem, string Completion, IReadOnlyList<int> StepEnds);

/// <summary>Monte-Carlo step labels of one solution: per step then the answer, the hard and the soft estimate.</summary>
public sealed record MonteCarloStepLabels(double[] Hard, double[] Soft, bool AnswerCorrect);

/// <summary>
/// Math-Shepherd's automatic process annotation (Wang et al., arXiv 2312.08935, §3.3): the quality of step j is the
/// potential of its prefix to reach the right answer. From each prefix s_1..s_j, N continuations are sampled with a
/// completer and checked by the verifier; the hard estimate is 1 when any reaches the right answer, the soft estimate
/// is the fraction that do. The answer, counted as the last step, is labelled by the verdict of the whole solution.
/// Needs no step checker, so every family gets step labels.
/// </summary>
public sealed class MonteCarloLabeller(IStepCompleter completer, IVerifier verifier)
{
    /// <param name="continuations">N, continuations sampled per step prefix.</param>
    /// <param name="seed">Continuation k of step j of solution i is seeded by (seed, i, j, k).</param>
    public async Task<IReadOnlyList<MonteCarloStepLabels>> LabelAsync(
        IReadOnlyList<StepSolution> solutions, int continuations, ulong seed, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(continuations);
        var requests = new List<ContinuationRequest>();
        for (var i = 0; i < solutions.Count; i++)
        {
            var solution = solutions[i];
            for (var j = 0; j < solution.StepEnds.Count; j++)
            {
                var prefix = solution.Completion[..solution.StepEnds[j]];
                for (var k = 0; k < continuations; k++)
                {
                    requests.Add(new ContinuationRequest(solution.Problem, prefix, k, Randomness.SeedMixer.Mix(seed, (ulong)i, (ulong)j, (ulong)k)));
                }
            }
        }

        var texts = requests.Count == 0 ? [] : await completer.CompleteAsync(requests, cancellationToken).ConfigureAwait(false);
        if (texts.Count != requests.Count)
        {
            throw new InvalidOperationException($"the completer returned {texts.Count} continuations for {requests.Count} requests");
        }

        var reached = new bool[requests.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = verifier.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, requests.Count, options, async (r, token) =>
            reached[r] = (await verifier.VerifyAsync(requests[r].Problem, requests[r].Prefix + texts[r], token).ConfigureAwait(false)).IsCorrect).ConfigureAwait(false);

        var answers = new bool[solutions.Count];
        await Parallel.ForAsync(0, solutions.Count, options, async (i, token) =>
            answers[i] = (await verifier.VerifyAsync(solutions[i].Problem, solutions[i].Completion, token).ConfigureAwait(false)).IsCorrect).ConfigureAwait(false);

        var labels = new List<MonteCarloStepLabels>(solutions.Count);
        var next = 0;
        for (var i = 0; i < solutions.Count; i++)
        {
            var steps = solutions[i].StepEnds.Count;
            var hard = new double[steps + 1];
            var soft = new double[steps + 1];
            for (var j = 0; j < steps; j++)
            {
                (hard[j], soft[j]) = Estimate(reached.AsSpan(next, continuations));
                next += continuations;
            }

            hard[steps] = soft[steps] = answers[i] ? 1.0 : 0.0;
            labels.Add(new MonteCarloStepLabels(hard, soft, answers[i]));
        }

        return labels;
    }

    /// <summary>Math-Shepherd's two estimators from the outcomes of N continuations: hard = any correct, soft = fraction correct.</summary>
    public static (double Hard, double Soft) Estimate(ReadOnlySpan<bool> reachedAnswer)
    {
        if (reachedAnswer.IsEmpty)
        {
            throw new ArgumentException("no continuations to estimate from", nameof(reachedAnswer));
        }

        var correct = 0;
        foreach (var reached in reachedAnswer)
        {
            correct += reached ? 1 : 0;
        }

        return (correct > 0 ? 1.0 : 0.0, (double)correct / reachedAnswer.Length);
    }
}
