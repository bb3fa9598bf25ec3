using ReasonRL.Core.Json;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;
using ReasonRL.Core.Verification;

namespace ReasonRL.TestPlugin;

/// <summary>A minimal task family, to test loading families from plugin assemblies: "Echo 17" is answered "17".</summary>
public sealed class EchoFamily : ITaskFamily
{
    public string Name => "plugin_echo";

    public IReadOnlyList<int> Difficulties { get; } = [1];

    public string Alphabet => CharacterSet.Of("Echo 0123456789", R1Template.Alphabet);

    public IEnumerable<Problem> Generate(GenerationRequest request) =>
        ProblemDrawer.Draw(Name, request, Difficulties, (level, random) =>
        {
            var number = random.NextInt(1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new ProblemCandidate($"echo:{number}", $"Echo {number}", new EchoReference(number), level);
        });

    public string RenderSolution(Problem problem, SolutionStyle style, SolutionOptions options, ulong seed) =>
        R1Template.Completion("", ReferenceFields.TryGetString(problem.Reference, "text", out var text) ? text : "");

    public IVerifier CreateVerifier() => new EchoVerifier();
}

/// <summary>The reference of an echo problem.</summary>
public sealed record EchoReference(string Text);

/// <summary>The family's verifier; public with a parameterless constructor, so the loader must not register it twice.</summary>
public sealed class EchoVerifier : IVerifier
{
    public string Name => "plugin_echo";

    public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken) =>
        ValueTask.FromResult(
            ReferenceFields.TryGetString(problem.Reference, "text", out var text) && R1Completion.ExtractAnswer(completion)?.Trim() == text
                ? Verdict.Correct("echoed")
                : Verdict.Incorrect("not echoed"));
}

/// <summary>A standalone verifier: reward 1 for completions of at most 40 characters.</summary>
public sealed class BrevityVerifier : IVerifier
{
    public string Name => "plugin_brevity";

    public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken) =>
        ValueTask.FromResult(completion.Length <= 40 ? Verdict.Correct("brief") : Verdict.Incorrect("long"));
}
