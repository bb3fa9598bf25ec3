using ReasonRL.Core.Records;

namespace ReasonRL.Core.Verification;

/// <summary>
/// The result of a weighted reward: the combined <see cref="Verdict"/> (what advantages are computed from) and
/// each verifier's own verdict, in the order the components were given, so trainers can log one reward column per
/// verifier (<c>rewards/&lt;verifier&gt;/mean</c>, unweighted, as TRL does).
/// </summary>
public sealed record ComposedVerdict(Verdict Verdict, IReadOnlyList<string> Names, IReadOnlyList<Verdict> Components)
{
    /// <summary>Each verifier's unweighted reward, by verifier name.</summary>
    public IReadOnlyDictionary<string, double> Rewards =>
        Names.Select((name, i) => (name, Components[i].Reward)).ToDictionary(x => x.name, x => x.Reward, StringComparer.Ordinal);
}
