using System.Text.Json;
using ReasonRL.Core.Json;

namespace ReasonRL.Training.Distillation;

/// <summary>
/// What the teacher did on one problem: one line of <c>&lt;dataset&gt;.problems.jsonl</c>, written beside the
/// dataset so that the statistics (and any later analysis) see the problems that yielded nothing too.
/// </summary>
/// <param name="Samples">Completions sampled (N).</param>
/// <param name="Correct">How many the <c>correctness</c> verifier accepted.</param>
/// <param name="DuplicatesRemoved">Correct completions dropped as duplicates of an earlier one.</param>
/// <param name="Tokens">Tokens the teacher processed for this problem: prompt and completion of every sample.</param>
/// <param name="Answers">Per sample, its final answer as maj@k compares it (canonicalised by the family), null when it has none.</param>
/// <param name="KeptSamples">The sample indices the keep rule kept, in order; the dataset holds their completions.</param>
public sealed record SampledProblem(
    string Id,
    string Family,
    int Difficulty,
    int Samples,
    int Correct,
    int DuplicatesRemoved,
    long Tokens,
    IReadOnlyList<string?> Answers,
    IReadOnlyList<int> KeptSamples)
{
    /// <summary>Parses one line of a problems file; a missing or mistyped field is an error naming file, line and field.</summary>
    public static SampledProblem Read(JsonlLine line)
    {
        var samples = line.RequireInt("samples");
        var answers = line.Require("answers");
        if (answers.ValueKind != JsonValueKind.Array || answers.GetArrayLength() != samples
            || answers.EnumerateArray().Any(a => a.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)))
        {
            throw line.Error("answers", $"expected an array of {samples} strings or nulls (one per sample)");
        }

        var kept = line.Require("kept_samples");
        if (kept.ValueKind != JsonValueKind.Array
            || kept.EnumerateArray().Any(k => k.ValueKind != JsonValueKind.Number || !k.TryGetInt32(out var s) || s < 0 || s >= samples))
        {
            throw line.Error("kept_samples", $"expected an array of sample indices in [0, {samples})");
        }

        return new SampledProblem(
            line.RequireString("id"),
            line.RequireString("family"),
            line.RequireInt("difficulty"),
            samples,
            line.RequireInt("correct"),
            line.RequireInt("duplicates_removed"),
            (long)line.RequireDouble("tokens"),
            [.. answers.EnumerateArray().Select(a => a.ValueKind == JsonValueKind.Null ? null : a.GetString())],
            [.. kept.EnumerateArray().Select(k => k.GetInt32())]);
    }
}
