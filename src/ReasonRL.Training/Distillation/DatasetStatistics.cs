using System.Text.Json;
using ReasonRL.Core.Evaluation;
using ReasonRL.Core.Io;
using ReasonRL.Core.Json;

namespace ReasonRL.Training.Distillation;

/// <summary>
/// The statistics of a distillation dataset (<c>&lt;out&gt;.stats.json</c>), computed from the dataset and its
/// problems file alone: acceptance by family and difficulty, the length distribution of the kept completions, and
/// answer diversity per prompt. Acceptance rate = correct samples / samples; solved = problems with at least one
/// kept completion / problems.
/// </summary>
/// <param name="Groups">One row per (family, difficulty), in family then difficulty order.</param>
/// <param name="Length">Kept completions' lengths in characters.</param>
/// <param name="TeacherTokens">Tokens the teacher processed (prompt and completion of every sample): the generation's compute.</param>
public sealed record DatasetStatistics(
    int Problems,
    long Samples,
    long Correct,
    long Kept,
    long DuplicatesRemoved,
    double AcceptanceRate,
    double SolvedRate,
    IReadOnlyList<AcceptanceGroup> Groups,
    LengthDistribution Length,
    AnswerDiversity Diversity,
    long TeacherTokens)
{
    /// <summary>Reads <paramref name="datasetPath"/> (records of one problem on consecutive lines, as written) and <paramref name="problemsPath"/>.</summary>
    public static DatasetStatistics Compute(string datasetPath, string problemsPath)
    {
        // Kept completions of each problem, grouped from consecutive lines (one problem's records are written together).
        var lengths = new List<int>();
        var distinct = new DiversityAccumulator();
        var keptById = new Dictionary<string, int>(StringComparer.Ordinal);
        string? currentId = null;
        var current = new List<string>();
        foreach (var line in Jsonl.Read(datasetPath))
        {
            var id = line.RequireString("id");
            var completion = line.RequireString("completion");
            if (id != currentId)
            {
                if (currentId is not null)
                {
                    distinct.AddCompletions(current);
                }

                if (keptById.ContainsKey(id))
                {
                    throw line.Error("id", $"the records of problem '{id}' are not on consecutive lines");
                }

                (currentId, current) = (id, []);
                keptById[id] = 0;
            }

            current.Add(completion);
            keptById[id]++;
            lengths.Add(completion.Length);
        }

        if (currentId is not null)
        {
            distinct.AddCompletions(current);
        }

        var problems = Jsonl.Read(problemsPath).Select(line => (Line: line, Problem: SampledProblem.Read(line))).ToList();
        foreach (var (line, problem) in problems)
        {
            if (problem.KeptSamples.Count != keptById.GetValueOrDefault(problem.Id))
            {
                throw line.Error("kept_samples", $"lists {problem.KeptSamples.Count} kept samples, but {datasetPath} holds {keptById.GetValueOrDefault(problem.Id)} records of '{problem.Id}'");
            }

            distinct.AddAnswers(problem.Answers, [.. problem.KeptSamples.Select(s => problem.Answers[s])]);
        }

        var tallies = problems.Select(p => p.Problem).ToList();
        var samples = tallies.Sum(p => (long)p.Samples);
        var correct = tallies.Sum(p => (long)p.Correct);
        var groups = tallies
            .GroupBy(p => (p.Family, p.Difficulty))
            .OrderBy(g => g.Key.Family, StringComparer.Ordinal).ThenBy(g => g.Key.Difficulty)
            .Select(g => AcceptanceGroup.Of(g.Key.Family, g.Key.Difficulty, [.. g]))
            .ToList();
        return new DatasetStatistics(
            tallies.Count,
            samples,
            correct,
            lengths.Count,
            tallies.Sum(p => (long)p.DuplicatesRemoved),
            samples == 0 ? 0 : (double)correct / samples,
            tallies.Count == 0 ? 0 : (double)tallies.Count(p => p.KeptSamples.Count > 0) / tallies.Count,
            groups,
            LengthDistribution.Of(lengths),
            distinct.Result(),
            tallies.Sum(p => p.Tokens));
    }

    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, RecordJson.Indented) + "\n");

    /// <summary>The headline numbers for a stage summary.</summary>
    public Dictionary<string, double> Headline() => new()
    {
        ["problems"] = Problems,
        ["kept"] = Kept,
        ["acceptance_rate"] = AcceptanceRate,
        ["solved_rate"] = SolvedRate,
        ["mean_length"] = Length.Mean,
        ["distinct_answers_sampled"] = Diversity.DistinctAnswersSampled,
        ["distinct_2"] = Diversity.Distinct2,
    };
}

/// <summary>Acceptance on the problems of one family and difficulty.</summary>
/// <param name="SolvedRate">Share of the problems with at least one kept completion.</param>
public sealed record AcceptanceGroup(string Family, int Difficulty, int Problems, long Samples, long Correct, long Kept, double AcceptanceRate, double SolvedRate)
{
    public static AcceptanceGroup Of(string family, int difficulty, IReadOnlyList<SampledProblem> problems)
    {
        var samples = problems.Sum(p => (long)p.Samples);
        var correct = problems.Sum(p => (long)p.Correct);
        return new AcceptanceGroup(
            family, difficulty, problems.Count, samples, correct, problems.Sum(p => (long)p.KeptSamples.Count),
            samples == 0 ? 0 : (double)correct / samples,
            (double)problems.Count(p => p.KeptSamples.Count > 0) / problems.Count);
    }
}

/// <summary>
/// Answer diversity, each a mean over prompts: distinct final answers among all N samples and among the kept ones,
/// and distinct-n (n = 1..4) of each prompt's kept completions (prompts where it is undefined — no n-gram — left out).
/// </summary>
public sealed record AnswerDiversity(
    double DistinctAnswersSampled, double DistinctAnswersKept, double Distinct1, double Distinct2, double Distinct3, double Distinct4);

/// <summary>Running sums behind <see cref="AnswerDiversity"/>.</summary>
internal sealed class DiversityAccumulator
{
    private readonly double[] _distinctSums = new double[4];
    private readonly int[] _distinctCounts = new int[4];
    private double _answersSampled;
    private double _answersKept;
    private int _problems;
    private int _problemsWithKept;

    public void AddCompletions(IReadOnlyList<string> kept)
    {
        for (var n = 1; n <= 4; n++)
        {
            if (Diversity.DistinctN(kept, n) is { } value)
            {
                _distinctSums[n - 1] += value;
                _distinctCounts[n - 1]++;
            }
        }
    }

    public void AddAnswers(IReadOnlyList<string?> sampled, IReadOnlyList<string?> kept)
    {
        _problems++;
        _answersSampled += Diversity.DistinctAnswers(sampled);
        if (kept.Count > 0)
        {
            _problemsWithKept++;
            _answersKept += Diversity.DistinctAnswers(kept);
        }
    }

    public AnswerDiversity Result()
    {
        double Mean(int n) => _distinctCounts[n - 1] == 0 ? 0 : _distinctSums[n - 1] / _distinctCounts[n - 1];
        return new AnswerDiversity(
            _problems == 0 ? 0 : _answersSampled / _problems,
            _problemsWithKept == 0 ? 0 : _answersKept / _problemsWithKept,
            Mean(1), Mean(2), Mean(3), Mean(4));
    }
}
