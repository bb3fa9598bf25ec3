using System.Text.Json.Serialization;

namespace ReasonRL.Core.Evaluation;

/// <summary>
/// The metrics of a set of problems. pass@1 and pass@k average the per-problem estimates over problems (each problem
/// weighs the same whatever its sample count); mean length and reflection rate average over completions.
/// </summary>
/// <param name="PassAt1">Mean over problems of c/n.</param>
/// <param name="PassAtK">Mean over problems of the unbiased pass@k (<see cref="Evaluation.PassAtK"/>) from all n samples.</param>
/// <param name="MajAtK">Share of problems whose majority answer over the first k samples is correct (<see cref="MajorityVote"/>).</param>
/// <param name="MeanLength">Mean completion length in characters.</param>
/// <param name="ReflectionRate">Share of completions containing a self-verification phrase.</param>
/// <param name="Errors">Completions whose verdict was an infrastructure error (counted as not correct).</param>
/// <remarks>
/// <see cref="ReflectivePassRate"/> and <see cref="NonReflectivePassRate"/> pool completions (<see cref="ReflectionSplit"/>):
/// whether self-verification pays off.
/// </remarks>
public sealed record EvaluationMetrics(
    int Problems,
    int Completions,
    [property: JsonPropertyName("pass_at_1")] double PassAt1,
    [property: JsonPropertyName("pass_at_k")] double PassAtK,
    [property: JsonPropertyName("maj_at_k")] double MajAtK,
    double MeanLength,
    double ReflectionRate,
    int Errors)
{
    /// <summary>Share of reflective completions that are correct; null when none is reflective.</summary>
    public double? ReflectivePassRate { get; init; }

    /// <summary>Share of non-reflective completions that are correct; null when every one is reflective.</summary>
    public double? NonReflectivePassRate { get; init; }

    /// <summary>The metrics of <paramref name="problems"/>; every problem needs at least <paramref name="k"/> samples.</summary>
    public static EvaluationMetrics Of(IReadOnlyCollection<ProblemTally> problems, int k)
    {
        if (problems.Count == 0)
        {
            return new EvaluationMetrics(0, 0, 0, 0, 0, 0, 0, 0);
        }

        double passAt1 = 0, passAtK = 0, majAtK = 0;
        long completions = 0, length = 0, reflective = 0, errors = 0;
        var split = ReflectionSplit.Empty;
        foreach (var problem in problems)
        {
            passAt1 += (double)problem.Correct / problem.Samples;
            passAtK += Evaluation.PassAtK.Estimate(problem.Samples, problem.Correct, k);
            majAtK += MajorityVote.IsCorrect(problem.VoteAnswers, problem.VoteCorrect) ? 1 : 0;
            completions += problem.Samples;
            length += problem.TotalLength;
            reflective += problem.Reflective;
            errors += problem.Errors;
            split = split.Plus(problem.ReflectionSplit);
        }

        return new EvaluationMetrics(
            problems.Count,
            (int)completions,
            passAt1 / problems.Count,
            passAtK / problems.Count,
            majAtK / problems.Count,
            (double)length / completions,
            (double)reflective / completions,
            (int)errors)
        {
            ReflectivePassRate = split.ReflectivePassRate,
            NonReflectivePassRate = split.NonReflectivePassRate,
        };
    }
}
