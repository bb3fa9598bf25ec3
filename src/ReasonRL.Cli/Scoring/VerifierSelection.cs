using System.Globalization;
using ReasonRL.Cli.CommandLine;
using ReasonRL.Core.Verification;

namespace ReasonRL.Cli.Scoring;

/// <summary>Turns <c>--verifier NAME[:WEIGHT]</c> options into a weighted reward (default: <c>correctness</c> alone).</summary>
internal static class VerifierSelection
{
    public static RewardComposer Parse(IReadOnlyList<string> specs, VerifierRegistry verifiers, VerbSpec verb)
    {
        var components = new List<RewardComponent>();
        foreach (var spec in specs.Count == 0 ? [VerifierRegistry.Correctness] : specs)
        {
            var colon = spec.LastIndexOf(':');
            var name = colon < 0 ? spec : spec[..colon];
            var weight = 1.0;
            if (colon >= 0 && (!double.TryParse(spec[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out weight) || !double.IsFinite(weight)))
            {
                throw new UsageException($"--verifier {spec}: the weight after ':' must be a number", verb);
            }

            if (components.Any(c => c.Name == name))
            {
                throw new UsageException($"--verifier {name} given twice", verb);
            }

            components.Add(new RewardComponent(verifiers.Get(name), weight));
        }

        return new RewardComposer(components);
    }
}
