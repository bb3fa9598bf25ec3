using ReasonRL.Core.Evaluation;
using ReasonRL.Core.Json;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;

namespace ReasonRL.Cli.Scoring;

/// <summary>
/// Scored completions (the output of <c>reasonrl verify</c>) as test-time scaling reads them: per problem id, in order
/// of first appearance, each completion's verdict and the answer it votes with (<see cref="VoteAnswer"/>).
/// <see cref="EvaluationInput"/> has already checked the file's records when this reads it.
/// </summary>
internal static class TestTimeInput
{
    public static IReadOnlyList<ProblemSamples> Read(string path, TaskFamilyRegistry families)
    {
        var problems = new Dictionary<string, (List<bool> Correct, List<string?> Answers)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var line in Jsonl.Read(path))
        {
            var id = line.RequireString("id");
            var completion = line.RequireString("completion");
            var outcome = line.Require(ScoredRecord.VerdictField).GetProperty("outcome").GetString();
            if (!problems.TryGetValue(id, out var samples))
            {
                problems[id] = samples = ([], []);
                order.Add(id);
            }

            samples.Correct.Add(outcome == SnakeCase.From(nameof(Outcome.Correct)));
            samples.Answers.Add(VoteAnswer.Of(families, line.RequireString("family"), completion));
        }

        return [.. order.Select(id => new ProblemSamples(problems[id].Correct, problems[id].Answers, null))];
    }
}
