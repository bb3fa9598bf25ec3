using System.Globalization;
using System.Text.Json;
using ReasonRL.Core;
using ReasonRL.Core.Json;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;

namespace ReasonRL.Verifiers.Math.Datasets;

/// <summary>
/// Reads a dataset file (JSON Lines or Parquet, by extension) into <see cref="Problem"/> records of the
/// <c>dataset</c> family, streaming: one row at a time for JSON Lines, one row group at a time for Parquet. Problems
/// carry <c>reference: {"answer": "&lt;gold as written&gt;"}</c> (plus the worked <c>solution</c> when the answer
/// column holds one). A bad row is an <see cref="InputException"/> naming the file, the line (or row group and row)
/// and the field.
/// </summary>
public static class DatasetProblems
{
    public static IEnumerable<Problem> Read(DatasetSpec spec, Action<double>? progress = null)
    {
        if (!File.Exists(spec.Path))
        {
            throw new InputException($"{spec.Path}: no such file");
        }

        var columns = new[] { spec.PromptColumn, spec.AnswerColumn, spec.IdColumn, spec.DifficultyColumn, spec.SplitColumn }
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var rows = Format(spec.Path) switch
        {
            DatasetFormat.Parquet => ParquetRows.Read(spec.Path, columns, [spec.PromptColumn, spec.AnswerColumn], progress),
            _ => JsonlRows.Read(spec.Path, columns, progress),
        };
        var stem = Path.GetFileNameWithoutExtension(spec.Path);
        return rows.Select(row => ToProblem(row, spec, stem));
    }

    /// <summary>The format a path names: <c>.parquet</c> is Parquet; <c>.jsonl</c>, <c>.json</c> and <c>.ndjson</c> are JSON Lines.</summary>
    public static DatasetFormat Format(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".parquet" => DatasetFormat.Parquet,
        ".jsonl" or ".json" or ".ndjson" => DatasetFormat.JsonLines,
        var other => throw new InputException($"{path}: unknown dataset format '{other}'; give a .jsonl or .parquet file"),
    };

    private static Problem ToProblem(DatasetRow row, DatasetSpec spec, string stem)
    {
        var prompt = row.Require(spec.PromptColumn);
        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw row.Error(spec.PromptColumn, "empty");
        }

        var (answer, solution) = GoldAnswer.FromColumn(row.Require(spec.AnswerColumn));
        if (answer.Length == 0)
        {
            throw row.Error(spec.AnswerColumn, "no answer in it");
        }

        var id = spec.IdColumn is { } idColumn ? row.Require(idColumn) : $"{stem}-{row.Index:D6}";
        var reference = new Dictionary<string, string> { ["answer"] = answer };
        if (solution is { Length: > 0 })
        {
            reference["solution"] = solution;
        }

        return new Problem
        {
            Id = id,
            Family = DatasetFamily.FamilyName,
            Prompt = prompt,
            Reference = JsonSerializer.SerializeToElement(reference, RecordJson.Options),
            Difficulty = spec.DifficultyColumn is { } difficultyColumn ? Difficulty(row, difficultyColumn) : 1,
            Split = spec.SplitColumn is { } splitColumn ? SplitOf(row, splitColumn) : Assign(id, spec),
        };
    }

    /// <summary>A level ≥ 1: "3", or the last integer of a label such as MATH's "Level 3".</summary>
    private static int Difficulty(DatasetRow row, string column)
    {
        var text = row.Require(column);
        var digits = new string([.. text.Reverse().SkipWhile(c => !char.IsDigit(c)).TakeWhile(char.IsDigit).Reverse()]);
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var level) && level >= 1
            ? level
            : throw row.Error(column, $"expected a difficulty level of at least 1, got \"{text}\"");
    }

    private static Split SplitOf(DatasetRow row, string column) => row.Require(column).Trim().ToLowerInvariant() switch
    {
        "train" => Split.Train,
        "test" or "validation" or "valid" or "dev" or "eval" => Split.Test,
        var other => throw row.Error(column, $"'{other}' is not a split; expected train, test or validation"),
    };

    /// <summary>Held out when a hash of (seed, id) falls below the test fraction: stable under reordering and appending rows.</summary>
    public static Split Assign(string id, DatasetSpec spec) =>
        (SeedMixer.Mix(spec.Seed, StableHash.Of(id)) >> 11) * (1.0 / (1UL << 53)) < spec.TestFraction ? Split.Test : Split.Train;
}

/// <summary>The file formats of <see cref="DatasetProblems"/>.</summary>
public enum DatasetFormat
{
    JsonLines,
    Parquet,
}
