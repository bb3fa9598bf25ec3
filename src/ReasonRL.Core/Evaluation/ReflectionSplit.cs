namespace ReasonRL.Core.Evaluation;

/// <summary>
/// Correctness of reflective completions (those with a self-verification phrase, <see cref="Text.ReflectionDetector"/>)
/// beside the others. A rising reflection rate alone does not show that self-verification helps; reflective completions
/// being right more often than the rest does: it is the signal an outcome reward can amplify (DeepSeek-R1-Zero's
/// "aha moment", arXiv 2501.12948, §2.2.4).
/// </summary>
/// <param name="Reflective">Completions with a self-verification phrase.</param>
/// <param name="ReflectiveCorrect">Of those, the correct ones.</param>
/// <param name="NonReflective">Completions without one.</param>
/// <param name="NonReflectiveCorrect">Of those, the correct ones.</param>
public sealed record ReflectionSplit(int Reflective, int ReflectiveCorrect, int NonReflective, int NonReflectiveCorrect)
{
    public static ReflectionSplit Empty { get; } = new(0, 0, 0, 0);

    /// <summary>The counts of <paramref name="completions"/>, each given as (reflective, correct).</summary>
    public static ReflectionSplit Of(IEnumerable<(bool Reflective, bool Correct)> completions)
    {
        int reflective = 0, reflectiveCorrect = 0, nonReflective = 0, nonReflectiveCorrect = 0;
        foreach (var (isReflective, correct) in completions)
        {
            if (isReflective)
            {
                reflective++;
                reflectiveCorrect += correct ? 1 : 0;
            }
            else
            {
                nonReflective++;
                nonReflectiveCorrect += correct ? 1 : 0;
            }
        }

        return new ReflectionSplit(reflective, reflectiveCorrect, nonReflective, nonReflectiveCorrect);
    }

    /// <summary>The share of reflective completions that are correct; null when there are none.</summary>
    public double? ReflectivePassRate => Reflective == 0 ? null : (double)ReflectiveCorrect / Reflective;

    /// <summary>The share of non-reflective completions that are correct; null when there are none.</summary>
    public double? NonReflectivePassRate => NonReflective == 0 ? null : (double)NonReflectiveCorrect / NonReflective;

    /// <summary>The counts of both sets together.</summary>
    public ReflectionSplit Plus(ReflectionSplit other) => new(
        Reflective + other.Reflective,
        ReflectiveCorrect + other.ReflectiveCorrect,
        NonReflective + other.NonReflective,
        NonReflectiveCorrect + other.NonReflectiveCorrect);
}
