using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;

namespace ReasonRL.Verifiers.Cipher.Tests;

/// <summary>Random completions built from tag fragments, letters and odd characters: the cipher verifiers never throw.</summary>
public class FuzzTests
{
    private static readonly string[] Fragments =
    [
        "<answer>", "</answer>", "<think>", "</think>", "<", ">", " ", "\n", "\t", "hello", "world", "HELLO", "a", "z", ".",
        "\ud83d\ude00", "\ud800", "\u0301", "\u0130", "\u00df", "\0", " -> ", "Wait, ",
    ];

    [Fact]
    public void Random_fragment_soup_never_throws_and_partial_credit_stays_in_range()
    {
        var family = new CipherFamily();
        var problems = family.Generate(new GenerationRequest(1, 20)).ToList();
        var random = new DeterministicRandom(7);
        for (var i = 0; i < 5000; i++)
        {
            var completion = string.Concat(Enumerable.Range(0, random.NextInt(0, 30)).Select(_ => random.Pick(Fragments)));
            var problem = problems[i % problems.Count];

            var verdict = CipherVerifier.Verify(problem, completion);
            var partial = CipherPartialVerifier.Verify(problem, completion);

            Assert.NotEqual(Outcome.Error, verdict.Outcome);
            Assert.Equal(verdict.Outcome, partial.Outcome);
            Assert.InRange(partial.Reward, 0.0, 1.0);
            Assert.True(partial.Reward < 1.0 || verdict.IsCorrect);
        }
    }

    [Fact]
    public void The_family_names_its_verifier_after_itself() =>
        Assert.Equal("cipher", new CipherFamily().CreateVerifier().Name);
}
