using ReasonRL.Core.Evaluation;
using ReasonRL.Core.Tasks;

namespace ReasonRL.Training.Evaluation;

/// <summary>
/// How varied a model's K samples per held-out problem are, averaged over problems: distinct final answers (as maj@k
/// compares them) and distinct-2 of the completions (<see cref="Diversity"/>). Distillation is reported to lower
/// diversity; these put a number on it beside pass@k.
/// </summary>
public static class EvaluationDiversity
{
    public const string DistinctAnswers = "distinct_answers";
    public const string Distinct2 = "distinct_2";

    public static Dictionary<string, double> Of(EvaluationRun run, TaskFamilyRegistry families, string prefix = "")
    {
        var problems = run.Completions.GroupBy(c => c.Problem.Id, StringComparer.Ordinal).ToList();
        if (problems.Count == 0)
        {
            return [];
        }

        var distinct2 = problems.Select(p => Diversity.DistinctN(p.Select(c => c.Sampled.Text), 2)).OfType<double>().ToList();
        return new Dictionary<string, double>
        {
            [prefix + DistinctAnswers] = problems.Average(p => Diversity.DistinctAnswers(p.Select(c => VoteAnswer.Of(families, c.Problem.Family, c.Sampled.Text)))),
            [prefix + Distinct2] = distinct2.Count == 0 ? 0 : distinct2.Average(),
        };
    }
}
