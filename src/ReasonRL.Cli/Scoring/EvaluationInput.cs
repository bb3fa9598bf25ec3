using System.Text.Json;
using ReasonRL.Core;
using ReasonRL.Core.Evaluation;
using ReasonRL.Core.Json;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;

namespace ReasonRL.Cli.Scoring;

/// <summary>
/// Reads scored completions (the output of <c>reasonrl verify</c>) into one <see cref="ProblemTally"/> per problem
/// id, in order of first appearance. A record counts as correct when its verdict's outcome is <c>correct</c>; its
/// answer for maj@k is the content of the last answer tag, canonicalized by its family when the family knows how
/// (<see cref="IAnswerCanonicalizer"/>).
/// </summary>
internal static class EvaluationInput
{
    public static IReadOnlyList<ProblemTally> Read(string path, int k, TaskFamilyRegistry families, ReflectionDetector reflection)
    {
        var problems = new Dictionary<string, ProblemTally>(StringComparer.Ordinal);
        var order = new List<ProblemTally>();
        foreach (var line in Jsonl.Read(path))
        {
            var id = line.RequireString("id");
            var family = line.RequireString("family");
            var difficulty = line.OptionalInt("difficulty") ?? 1;
            var completion = line.RequireString("completion");
            var verdict = line.Has(ScoredRecord.VerdictField) ? line.Require(ScoredRecord.VerdictField) : throw line.Error(ScoredRecord.VerdictField, "missing (score the completions with 'reasonrl verify' first)");
            var outcome = verdict.ValueKind == JsonValueKind.Object && verdict.TryGetProperty("outcome", out var o) && o.ValueKind == JsonValueKind.String && SnakeCase.TryParseEnum<Outcome>(o.GetString()!, out var parsed)
                ? parsed
                : throw line.Error("verdict.outcome", $"expected one of: {string.Join(", ", SnakeCase.NamesOf(typeof(Outcome)))}");

            if (!problems.TryGetValue(id, out var tally))
            {
                tally = new ProblemTally(id, family, difficulty, k);
                problems[id] = tally;
                order.Add(tally);
            }
            else if (tally.Family != family || tally.Difficulty != difficulty)
            {
                throw line.Error(null, $"problem '{id}' appeared before with family '{tally.Family}' and difficulty {tally.Difficulty}");
            }

            tally.Add(outcome == Outcome.Correct, VoteAnswer.Of(families, family, completion), completion.Length, reflection.IsReflective(completion), outcome == Outcome.Error);
        }

        if (order.FirstOrDefault(p => p.Samples < k) is { } few)
        {
            throw new InputException($"{path}: problem '{few.Id}' has {few.Samples} completion{(few.Samples == 1 ? "" : "s")}; --k {k} needs at least {k} for every problem");
        }

        return order;
    }
}
