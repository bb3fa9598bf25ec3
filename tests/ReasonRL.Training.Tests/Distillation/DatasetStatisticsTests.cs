using ReasonRL.Core;
using ReasonRL.Training.Distillation;

namespace ReasonRL.Training.Tests.Distillation;

/// <summary>
/// Statistics of a hand-made dataset. P1 (addition d1): 4 samples, 3 correct, 1 duplicate, answers 7 7 – 8, kept
/// samples 0 and 3 ("a b a b", "a b c"). P2 (addition d2): 4 samples, none correct, answers – 1 2 3. P3 (echo d1): 2
/// samples, both correct, answers x x, kept sample 1 ("x y z w").
/// </summary>
public sealed class DatasetStatisticsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-distill-stats-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (string Dataset, string Problems) Files(string dataset, string problems)
    {
        var datasetPath = Path.Combine(_folder, "d.jsonl");
        var problemsPath = Path.Combine(_folder, "d.jsonl.problems.jsonl");
        File.WriteAllText(datasetPath, dataset);
        File.WriteAllText(problemsPath, problems);
        return (datasetPath, problemsPath);
    }

    private const string Dataset = """
        {"prompt": "p1", "completion": "a b a b", "id": "P1", "reward": 1}
        {"prompt": "p1", "completion": "a b c", "id": "P1", "reward": 1}
        {"prompt": "p3", "completion": "x y z w", "id": "P3", "reward": 1}

        """;

    private const string Problems = """
        {"id": "P1", "family": "addition", "difficulty": 1, "samples": 4, "correct": 3, "duplicates_removed": 1, "tokens": 100, "answers": ["7", "7", null, "8"], "kept_samples": [0, 3]}
        {"id": "P2", "family": "addition", "difficulty": 2, "samples": 4, "correct": 0, "duplicates_removed": 0, "tokens": 80, "answers": [null, "1", "2", "3"], "kept_samples": []}
        {"id": "P3", "family": "echo", "difficulty": 1, "samples": 2, "correct": 2, "duplicates_removed": 0, "tokens": 50, "answers": ["x", "x"], "kept_samples": [1]}

        """;

    [Fact]
    public void Totals_and_acceptance_by_family_and_difficulty_match_hand_counts()
    {
        var (dataset, problems) = Files(Dataset, Problems);

        var stats = DatasetStatistics.Compute(dataset, problems);

        Assert.Equal((3, 10L, 5L, 3L, 1L, 230L), (stats.Problems, stats.Samples, stats.Correct, stats.Kept, stats.DuplicatesRemoved, stats.TeacherTokens));
        Assert.Equal(0.5, stats.AcceptanceRate, 12);
        Assert.Equal(2.0 / 3, stats.SolvedRate, 12);
        Assert.Equal(
            [("addition", 1, 0.75, 1.0, 2L), ("addition", 2, 0.0, 0.0, 0L), ("echo", 1, 1.0, 1.0, 1L)],
            stats.Groups.Select(g => (g.Family, g.Difficulty, g.AcceptanceRate, g.SolvedRate, g.Kept)));
    }

    [Fact]
    public void The_length_distribution_uses_nearest_rank_percentiles_and_equal_bins()
    {
        var (dataset, problems) = Files(Dataset, Problems);

        var length = DatasetStatistics.Compute(dataset, problems).Length;

        // Lengths 7, 5, 7 → sorted 5 7 7; p10 is value ⌈0.3⌉ = 1, p50 value ⌈1.5⌉ = 2, p90 value ⌈2.7⌉ = 3.
        Assert.Equal((3, 19.0 / 3, 5, 5, 7, 7, 7, 7), (length.Count, length.Mean, length.Min, length.P10, length.P50, length.P90, length.P99, length.Max));
        Assert.Equal([new HistogramBin(5, 5, 1), new HistogramBin(6, 6, 0), new HistogramBin(7, 7, 2)], length.Histogram);
    }

    [Fact]
    public void Diversity_is_averaged_over_prompts()
    {
        var (dataset, problems) = Files(Dataset, Problems);

        var diversity = DatasetStatistics.Compute(dataset, problems).Diversity;

        Assert.Equal((2 + 3 + 1) / 3.0, diversity.DistinctAnswersSampled, 12); // {7, 8}, {1, 2, 3}, {x}
        Assert.Equal((2 + 1) / 2.0, diversity.DistinctAnswersKept, 12);        // P1 kept answers 7 and 8; P3 x; P2 kept none
        Assert.Equal(((3.0 / 7) + 1) / 2, diversity.Distinct1, 12);           // P1: 3 distinct of 7 words; P3: 4 of 4
        Assert.Equal(((3.0 / 5) + 1) / 2, diversity.Distinct2, 12);           // P1: ab ba ab | ab bc
        Assert.Equal(1.0, diversity.Distinct3, 12);
        Assert.Equal(1.0, diversity.Distinct4, 12);
    }

    [Fact]
    public void Records_of_one_problem_must_be_on_consecutive_lines()
    {
        var (dataset, problems) = Files(
            "{\"completion\": \"a\", \"id\": \"P1\"}\n{\"completion\": \"b\", \"id\": \"P3\"}\n{\"completion\": \"c\", \"id\": \"P1\"}\n", Problems);

        var error = Assert.Throws<InputException>(() => DatasetStatistics.Compute(dataset, problems));

        Assert.Equal($"{dataset}:3: field 'id': the records of problem 'P1' are not on consecutive lines", error.Message);
    }

    [Fact]
    public void A_problems_file_that_disagrees_with_the_dataset_is_reported_with_its_line()
    {
        var (dataset, problems) = Files(Dataset, Problems.Replace("\"kept_samples\": [1]", "\"kept_samples\": []", StringComparison.Ordinal));

        var error = Assert.Throws<InputException>(() => DatasetStatistics.Compute(dataset, problems));

        Assert.StartsWith($"{problems}:3: field 'kept_samples': lists 0 kept samples", error.Message, StringComparison.Ordinal);
    }
}
