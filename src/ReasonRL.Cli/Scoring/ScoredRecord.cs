using System.Text.Json;
using System.Text.Json.Nodes;
using ReasonRL.Core.Json;
using ReasonRL.Core.Verification;

namespace ReasonRL.Cli.Scoring;

/// <summary>
/// The output record of <c>reasonrl verify</c>: the input line unchanged (same fields, same order, same text) with
/// <c>"verdict"</c> appended, and with several verifiers also <c>"rewards"</c> (each verifier's unweighted reward).
/// A record that already has these fields (a file verified before) has them replaced.
/// </summary>
internal static class ScoredRecord
{
    public const string VerdictField = "verdict";
    public const string RewardsField = "rewards";

    public static string Write(string inputLine, JsonElement record, ComposedVerdict scored, bool withRewards)
    {
        var verdict = Jsonl.Line(scored.Verdict);
        var rewards = withRewards ? JsonSerializer.Serialize(scored.Rewards, RecordJson.Options) : null;
        if (record.TryGetProperty(VerdictField, out _) || record.TryGetProperty(RewardsField, out _))
        {
            var node = JsonNode.Parse(inputLine)!.AsObject();
            node.Remove(VerdictField);
            node.Remove(RewardsField);
            node[VerdictField] = JsonNode.Parse(verdict);
            if (rewards is not null)
            {
                node[RewardsField] = JsonNode.Parse(rewards);
            }

            return node.ToJsonString(RecordJson.Options);
        }

        var text = inputLine.AsSpan().TrimEnd();
        var body = text[..^1].TrimEnd(); // the record is an object: drop its closing brace
        var empty = body[^1] == '{';
        return rewards is null
            ? string.Concat(body, empty ? "" : ",", $"\"{VerdictField}\":{verdict}}}")
            : string.Concat(body, empty ? "" : ",", $"\"{VerdictField}\":{verdict},\"{RewardsField}\":{rewards}}}");
    }
}
