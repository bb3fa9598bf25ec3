using System.Text.Json;
using ReasonRL.Core.Json;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;

namespace ReasonRL.Core.Tasks;

/// <summary>
/// The generation loop every task family shares: one random stream seeded from (seed, family, difficulty, split),
/// candidates drawn one at a time, those of the other split rejected, repeats avoided while the problem space
/// allows, and ids of the form <c>&lt;family&gt;-&lt;split&gt;-&lt;seed&gt;-&lt;index&gt;</c>. Because there is one stream, the
/// first N problems of a request for N+M are the problems of the request for N.
/// </summary>
public static class ProblemDrawer
{
    /// <summary>How many repeats in a row are rejected before a repeat is accepted (small problem spaces run out).</summary>
    public const int RepeatPatience = 64;

    /// <summary>How many rejected candidates in a row mean that the generator is broken.</summary>
    public const int MaxRejectionsInARow = 100_000;

    /// <param name="family">The family's name.</param>
    /// <param name="request">What to generate.</param>
    /// <param name="difficulties">The family's levels; a request without a difficulty draws one uniformly per problem.</param>
    /// <param name="draw">Draws one candidate at a level from the stream, or null to try again.</param>
    public static IEnumerable<Problem> Draw(
        string family, GenerationRequest request, IReadOnlyList<int> difficulties, Func<int, DeterministicRandom, ProblemCandidate?> draw)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(request.Count);
        if (request.Difficulty is { } wanted && !difficulties.Contains(wanted))
        {
            throw new InputException($"{family}: difficulty {wanted} is not one of {string.Join(", ", difficulties)}");
        }

        var random = new DeterministicRandom(SeedMixer.Mix(request.Seed, StableHash.Of(family), (ulong)(request.Difficulty ?? 0), (ulong)request.Split));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rejectedInARow = 0;
        var repeatsInARow = 0;
        for (var index = 0; index < request.Count;)
        {
            var level = request.Difficulty ?? random.Pick(difficulties);
            var candidate = draw(level, random);
            var accepted = candidate is not null && SplitAssignment.Of(candidate.CanonicalKey) == request.Split;
            if (accepted && !seen.Add(candidate!.CanonicalKey) && ++repeatsInARow < RepeatPatience)
            {
                accepted = false;
            }

            if (!accepted)
            {
                if (++rejectedInARow >= MaxRejectionsInARow)
                {
                    throw new InvalidOperationException($"{family}: {MaxRejectionsInARow} candidates in a row were rejected");
                }

                continue;
            }

            rejectedInARow = 0;
            repeatsInARow = 0;
            yield return new Problem
            {
                Id = $"{family}-{SnakeCase.From(request.Split.ToString())}-{request.Seed}-{index:D6}",
                Family = family,
                Prompt = candidate!.Prompt,
                Reference = JsonSerializer.SerializeToElement(candidate.Reference, candidate.Reference.GetType(), RecordJson.Options),
                Difficulty = candidate.Difficulty,
                Split = request.Split,
            };
            index++;
        }
    }
}
