using System.Globalization;
using System.Text.Json;
using ReasonRL.Core.Evaluation;
using ReasonRL.Core.Io;
using ReasonRL.Core.Json;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Training.Grpo;

namespace ReasonRL.Training.Evaluation;

/// <summary>
/// The test-time compute curve of an evaluation's scored completions (<see cref="TestTimeScaling"/>): held-out
/// pass@k, maj@k and, when a process reward model rates the completions, PRM best-of-k, at each k. Written to
/// <c>test_time.json</c> beside the evaluation's files, where the report finds it.
/// </summary>
public static class TestTimeCurve
{
    public const string FileName = "test_time.json";

    /// <summary>
    /// The curve at <paramref name="ks"/> (empty: 1, 2, 4, … up to the samples per problem); <paramref name="prm"/> rates
    /// the completions, each read after its problem's prompt tokens (<paramref name="promptIds"/>), for best-of-k
    /// (null: no best-of-k).
    /// </summary>
    public static IReadOnlyList<ScalingPoint> Of(
        IReadOnlyList<ScoredCompletion> completions, TaskFamilyRegistry families, IReadOnlyList<int> ks,
        PrmStepRewards? prm, Func<Problem, int[]> promptIds, int draws, ulong seed)
    {
        var scores = prm?.SolutionScores(
            [.. completions.Select(c => promptIds(c.Problem))], [.. completions.Select(c => c.Sampled.TokenIds)],
            [.. completions.Select(c => c.Sampled.Text)], [.. completions.Select(c => c.Verdict)]);
        var problems = completions
            .Select((c, i) => (Completion: c, Score: scores?[i]))
            .GroupBy(x => x.Completion.Problem.Id, StringComparer.Ordinal)
            .Select(g => new ProblemSamples(
                [.. g.Select(x => x.Completion.Verdict.IsCorrect)],
                [.. g.Select(x => VoteAnswer.Of(families, x.Completion.Problem.Family, x.Completion.Sampled.Text))],
                scores is null ? null : [.. g.Select(x => x.Score!.Value)]))
            .ToList();
        var fewest = problems.Min(p => p.Correct.Count);
        if (ks.FirstOrDefault(k => k > fewest) is var tooMany and > 0)
        {
            throw new ArgumentException($"k = {tooMany} needs at least {tooMany} samples per problem; the evaluation has {fewest}", nameof(ks));
        }

        return TestTimeScaling.Curve(problems, ks.Count == 0 ? TestTimeScaling.DefaultKs(fewest) : ks, seed, draws);
    }

    public static void Write(string folder, IReadOnlyList<ScalingPoint> curve) =>
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(curve, RecordJson.Indented));

    /// <summary>The curve written in <paramref name="folder"/>, or null when there is none.</summary>
    public static IReadOnlyList<ScalingPoint>? Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<List<ScalingPoint>>(File.ReadAllText(path), RecordJson.Options) : null;
    }

    /// <summary>The summary numbers at the largest k: <c>pass@K</c>, <c>maj@K</c>, <c>best_of_K</c>.</summary>
    public static Dictionary<string, double> Headline(IReadOnlyList<ScalingPoint> curve)
    {
        var last = curve[^1];
        var k = last.K.ToString(CultureInfo.InvariantCulture);
        var numbers = new Dictionary<string, double> { [$"pass@{k}"] = last.PassAtK, [$"maj@{k}"] = last.MajAtK };
        if (last.BestOfK is { } best)
        {
            numbers[$"best_of_{k}"] = best;
        }

        return numbers;
    }
}
