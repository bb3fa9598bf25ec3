using System.Text.Json;
using ReasonRL.Core.Json;
using ReasonRL.Core.Records;

namespace ReasonRL.Verifiers.External;

/// <summary>
/// The JSON Lines protocol between ReasonRL and an external verifier, one request and one reply per line, UTF-8:
/// <code>
/// request:  {"id": 7, "problem": {"id": "...", "family": "...", "prompt": "...", "reference": {...}, "difficulty": 1, "split": "train"}, "completion": "..."}
/// reply:    {"id": 7, "reward": 1.0, "outcome": "correct", "flags": [], "steps": [{"end": 12, "correct": true}], "detail": "..."}
/// </code>
/// In the reply, <c>reward</c> (a finite number) and <c>outcome</c> (correct, incorrect, bad_format, timeout,
/// tampered, error) are required; <c>id</c> is optional but must match when given; <c>flags</c>, <c>steps</c> and
/// <c>detail</c> are optional; other fields are ignored. Anything else is a malformed reply.
/// </summary>
public static class ExternalProtocol
{
    public static string Request(long id, Problem problem, string completion) =>
        JsonSerializer.Serialize(new { id, problem, completion }, RecordJson.Options);

    /// <summary>The verdict in <paramref name="line"/>, or false with what is wrong with it.</summary>
    public static bool TryParseReply(string line, long expectedId, out Verdict verdict, out string problem)
    {
        verdict = null!;
        JsonElement reply;
        try
        {
            using var document = JsonDocument.Parse(line);
            reply = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            problem = "not JSON";
            return false;
        }

        if (reply.ValueKind != JsonValueKind.Object)
        {
            problem = "not a JSON object";
            return false;
        }

        if (reply.TryGetProperty("id", out var id) && !(id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var number) && number == expectedId))
        {
            problem = $"reply to request {id.GetRawText()} while {expectedId} was asked";
            return false;
        }

        if (!reply.TryGetProperty("reward", out var rewardElement) || rewardElement.ValueKind != JsonValueKind.Number || !double.IsFinite(rewardElement.GetDouble()))
        {
            problem = "'reward' must be a finite number";
            return false;
        }

        if (!reply.TryGetProperty("outcome", out var outcomeElement) || outcomeElement.ValueKind != JsonValueKind.String
            || !SnakeCase.TryParseEnum<Outcome>(outcomeElement.GetString()!, out var outcome))
        {
            problem = $"'outcome' must be one of {string.Join(", ", SnakeCase.NamesOf(typeof(Outcome)))}";
            return false;
        }

        if (!TryFlags(reply, out var flags) || !TrySteps(reply, out var steps))
        {
            problem = "'flags' must be an array of strings and 'steps' an array of {\"end\": integer >= 0, \"correct\": boolean}";
            return false;
        }

        string? detail = null;
        if (reply.TryGetProperty("detail", out var detailElement) && detailElement.ValueKind != JsonValueKind.Null)
        {
            if (detailElement.ValueKind != JsonValueKind.String)
            {
                problem = "'detail' must be a string";
                return false;
            }

            detail = detailElement.GetString();
        }

        verdict = new Verdict(rewardElement.GetDouble(), outcome, flags, steps, detail);
        problem = "";
        return true;
    }

    private static bool TryFlags(JsonElement reply, out IReadOnlyList<string> flags)
    {
        flags = [];
        if (!reply.TryGetProperty("flags", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Array || element.EnumerateArray().Any(f => f.ValueKind != JsonValueKind.String))
        {
            return false;
        }

        flags = [.. element.EnumerateArray().Select(f => f.GetString()!)];
        return true;
    }

    private static bool TrySteps(JsonElement reply, out IReadOnlyList<StepMark>? steps)
    {
        steps = null;
        if (!reply.TryGetProperty("steps", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var marks = new List<StepMark>();
        foreach (var step in element.EnumerateArray())
        {
            if (step.ValueKind != JsonValueKind.Object
                || !step.TryGetProperty("end", out var end) || end.ValueKind != JsonValueKind.Number || !end.TryGetInt32(out var offset) || offset < 0
                || !step.TryGetProperty("correct", out var correct) || correct.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return false;
            }

            marks.Add(new StepMark(offset, correct.GetBoolean()));
        }

        steps = marks;
        return true;
    }
}
