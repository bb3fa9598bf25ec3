using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;

namespace ReasonRL.Core.Evaluation;

/// <summary>
/// The answer a completion votes with in maj@k: the content of its last answer tag, canonicalized by its family
/// when the family knows how (<see cref="IAnswerCanonicalizer"/>); null when it has no answer.
/// </summary>
public static class VoteAnswer
{
    public static string? Of(TaskFamilyRegistry families, string family, string completion) =>
        R1Completion.ExtractAnswer(completion) is { } raw
            ? families.Contains(family) && families.Get(family) is IAnswerCanonicalizer canonicalizer ? canonicalizer.Canonicalize(raw) : IAnswerCanonicalizer.Default(raw)
            : null;
}
