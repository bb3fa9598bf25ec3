using ReasonRL.Core;

namespace ReasonRL.Verifiers.Math.Datasets;

/// <summary>
/// One row of a dataset file: the requested columns as text (numbers written invariantly; null when absent or null),
/// and where the row is ("data.jsonl:12", "data.parquet: row group 0, row 5") so that every complaint names it.
/// </summary>
internal sealed record DatasetRow(string Location, long Index, IReadOnlyDictionary<string, string?> Values)
{
    public InputException Error(string column, string problem) => new($"{Location}: field '{column}': {problem}");

    public string Require(string column) =>
        Values.TryGetValue(column, out var value) && value is not null
            ? value
            : throw Error(column, "missing");

    public string? Optional(string column) => Values.TryGetValue(column, out var value) ? value : null;
}
