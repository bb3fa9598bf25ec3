using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Verifiers.Arithmetic.Countdown;

namespace ReasonRL.Verifiers.Arithmetic.Tests;

/// <summary>Random completions built from the fragments verifiers care about: no input makes a verifier throw.</summary>
public class FuzzTests
{
    private static readonly string[] Fragments =
    [
        "<answer>", "</answer>", "<think>", "</think>", "<answer", "answer>", "</", "<", ">", " ", "\n", "\r\n", "=", " = ",
        "+", "-", "\u2212", "*", "/", "\u00f7", "(", ")", ".", ",", "0", "1", "7", "42", "999999999999999999999", "1,000",
        "Wait, ", "is", "not", "\ud83d\ude00", "\ud800", "\u0301", "\0", "e", "NaN", "-0", "1/0", "3.5", "25", "5", "83",
    ];

    public static TheoryData<string> Families => [ArithmeticFamily.FamilyName, CountdownFamily.FamilyName];

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Random_fragment_soup_never_throws_and_offsets_stay_inside_the_completion(string familyName)
    {
        ITaskFamily family = familyName == ArithmeticFamily.FamilyName ? new ArithmeticFamily() : new CountdownFamily();
        var verifier = family.CreateVerifier();
        var problems = family.Generate(new GenerationRequest(1, 20)).ToList();
        var random = new DeterministicRandom(123);
        var outcomes = new HashSet<Outcome>();
        for (var i = 0; i < 5000; i++)
        {
            var completion = string.Concat(Enumerable.Range(0, random.NextInt(0, 40)).Select(_ => random.Pick(Fragments)));
            var verdict = await verifier.VerifyAsync(problems[i % problems.Count], completion, CancellationToken.None);
            var format = FormatVerifier.Check(completion);

            outcomes.Add(verdict.Outcome);
            Assert.NotEqual(Outcome.Error, verdict.Outcome);
            Assert.InRange(verdict.Reward, 0.0, 1.0);
            Assert.All(verdict.Steps ?? [], s => Assert.InRange(s.End, 0, completion.Length));
            Assert.True(verdict.Steps is null || verdict.Steps.Select(s => s.End).SequenceEqual(verdict.Steps.Select(s => s.End).Order()));
            Assert.InRange(format.Reward, 0.0, 1.0);
        }

        Assert.Contains(Outcome.BadFormat, outcomes);
        Assert.Contains(Outcome.Incorrect, outcomes);
    }

    [Fact]
    public void Every_family_names_its_verifier_after_itself()
    {
        Assert.Equal("arithmetic", new ArithmeticFamily().CreateVerifier().Name);
        Assert.Equal("countdown", new CountdownFamily().CreateVerifier().Name);
    }

    public static TheoryData<string> Garbage => new()
    {
        "",
        string.Concat(Enumerable.Repeat("<answer>(", 10_000)),
        "<answer>" + string.Concat(Enumerable.Repeat("(", 100_000)) + "</answer>",
        "<answer>" + string.Join('*', Enumerable.Repeat("99", 100)) + "</answer>",
        "<answer>3*25+\u22125+3</answer>",
        "<answer>\ud83d\ude00</answer>",
        "<answer>25/0</answer>",
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Countdown_garbage_is_never_correct(string completion)
    {
        var problem = TestProblems.Make("countdown", new CountdownReference([3, 25, 5, 4], 83, false, "(25-5)*4+3"));

        var verdict = CountdownVerifier.Verify(problem, completion);

        Assert.Contains(verdict.Outcome, new[] { Outcome.Incorrect, Outcome.BadFormat });
    }
}
