using ReasonRL.Core.Tasks;

namespace ReasonRL.Training.Recipes;

/// <summary>
/// A dataset file named where a recipe names a family (<c>family: dataset</c>): JSON Lines or Parquet as Hugging
/// Face datasets store them, and which columns hold the question, the answer (a gold answer, or a worked solution
/// ending in "#### 42" or containing \boxed{…}) and optionally the id, difficulty and split.
/// </summary>
/// <example>
/// <code>
/// - family: dataset
///   dataset:
///     path: data/datasets/arith-word.jsonl
///     prompt_column: question
///     answer_column: answer
/// </code>
/// </example>
public sealed record DatasetSection : IValidatedSection
{
    public required string Path { get; init; }

    public string PromptColumn { get; init; } = "question";

    public string AnswerColumn { get; init; } = "answer";

    public string? IdColumn { get; init; }

    public string? DifficultyColumn { get; init; }

    /// <summary>A column holding train/test (or validation); without one, rows are split by a hash of their id and <see cref="SplitSeed"/>.</summary>
    public string? SplitColumn { get; init; }

    public double TestFraction { get; init; } = SplitAssignment.TestFraction;

    public long SplitSeed { get; init; }

    public DatasetSpec ToSpec() => new()
    {
        Path = Path,
        PromptColumn = PromptColumn,
        AnswerColumn = AnswerColumn,
        IdColumn = IdColumn,
        DifficultyColumn = DifficultyColumn,
        SplitColumn = SplitColumn,
        TestFraction = TestFraction,
        Seed = (ulong)SplitSeed,
    };

    public IEnumerable<SectionProblem> Validate()
    {
        if (!File.Exists(Path))
        {
            yield return new("path", $"{Path}: no such file");
        }

        var extension = System.IO.Path.GetExtension(Path).ToLowerInvariant();
        if (extension is not (".jsonl" or ".json" or ".ndjson" or ".parquet"))
        {
            yield return new("path", $"{Path}: give a .jsonl or .parquet file");
        }

        if (TestFraction is < 0 or >= 1)
        {
            yield return new("test_fraction", $"must be in [0, 1), got {TestFraction}");
        }

        if (SplitSeed < 0)
        {
            yield return new("split_seed", $"must be at least 0, got {SplitSeed}");
        }
    }
}
