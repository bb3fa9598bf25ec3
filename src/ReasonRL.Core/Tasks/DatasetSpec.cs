namespace ReasonRL.Core.Tasks;

/// <summary>
/// A problem file as Hugging Face datasets store them (JSON Lines or Parquet) and how its columns map onto problems:
/// the question, the answer (a bare gold answer, or a worked solution ending in GSM8K's "#### 42" or containing MATH's
/// \boxed{…}), and optionally an id, a difficulty level and a split. Rows without a split column are assigned one
/// deterministically from a hash of their id (or row number) and <see cref="Seed"/>.
/// </summary>
public sealed record DatasetSpec
{
    public required string Path { get; init; }

    public string PromptColumn { get; init; } = "question";

    public string AnswerColumn { get; init; } = "answer";

    public string? IdColumn { get; init; }

    public string? DifficultyColumn { get; init; }

    public string? SplitColumn { get; init; }

    /// <summary>Share of rows held out (test split) when the file has no split column.</summary>
    public double TestFraction { get; init; } = SplitAssignment.TestFraction;

    /// <summary>Seeds the split assignment when the file has no split column.</summary>
    public ulong Seed { get; init; }
}
