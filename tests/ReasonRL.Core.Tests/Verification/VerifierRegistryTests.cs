using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;

namespace ReasonRL.Core.Tests.Verification;

public class VerifierRegistryTests
{
    private sealed class NamedVerifier(string name) : IVerifier
    {
        public string Name => name;

        public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken) => ValueTask.FromResult(Verdict.Correct(name));
    }

    private sealed class Family(string name, string verifierName) : ITaskFamily
    {
        public string Name => name;

        public IReadOnlyList<int> Difficulties => [1];

        public string Alphabet => "";

        public IEnumerable<Problem> Generate(GenerationRequest request) => [];

        public string RenderSolution(Problem problem, SolutionStyle style, SolutionOptions options, ulong seed) => "";

        public IVerifier CreateVerifier() => new NamedVerifier(verifierName);
    }

    private static Problem Of(string family) => new() { Id = "x", Family = family, Prompt = "p", Reference = default };

    [Fact]
    public async Task Correctness_dispatches_to_the_problems_family_and_reports_unknown_families_as_errors()
    {
        var registry = new VerifierRegistry(new TaskFamilyRegistry([new Family("a", "a"), new Family("b", "b")]), []);
        var correctness = registry.Get(VerifierRegistry.Correctness);

        Assert.Equal("b", (await correctness.VerifyAsync(Of("b"), "", CancellationToken.None)).Detail);
        Assert.Equal(Outcome.Error, (await correctness.VerifyAsync(Of("c"), "", CancellationToken.None)).Outcome);
    }

    [Fact]
    public void Duplicate_names_and_misnamed_family_verifiers_are_refused()
    {
        var families = new TaskFamilyRegistry([new Family("a", "a")]);

        Assert.Throws<InvalidOperationException>(() => new VerifierRegistry(families, [new NamedVerifier("a")]));
        Assert.Throws<InvalidOperationException>(() => new VerifierRegistry(new TaskFamilyRegistry([new Family("a", "other")]), []));
        Assert.Throws<InvalidOperationException>(() => new TaskFamilyRegistry([new Family("a", "a"), new Family("a", "a")]));
        Assert.Contains("known verifiers: a, correctness", Assert.Throws<InputException>(() => new VerifierRegistry(families, []).Get("z")).Message, StringComparison.Ordinal);
    }
}
