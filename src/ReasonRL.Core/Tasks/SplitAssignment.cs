using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;

namespace ReasonRL.Core.Tasks;

/// <summary>
/// Decides train or held-out from a problem's content alone, so the two splits can never share a problem however
/// they are generated (different seeds, different counts, different runs). A family calls <see cref="Of"/> with a
/// canonical key of the problem (e.g. the expression text) and keeps only candidates of the requested split.
/// </summary>
public static class SplitAssignment
{
    /// <summary>Share of the problem space that is held out.</summary>
    public const double TestFraction = 0.2;

    public static Split Of(string canonicalKey) =>
        (SeedMixer.Finalize(StableHash.Of(canonicalKey)) >> 11) * (1.0 / (1UL << 53)) < TestFraction ? Split.Test : Split.Train;
}
