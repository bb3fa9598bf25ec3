using System.Text.Json;
using ReasonRL.Core.Records;
using ReasonRL.Core.Text;
using ReasonRL.Verifiers.Code.Problems;
using ReasonRL.Verifiers.Code.Sandbox;
using ReasonRL.Verifiers.Code.Values;

namespace ReasonRL.Verifiers.Code.Tests;

/// <summary>One code verifier (and its sandboxes) shared by a test class, with short limits so slow attacks end fast (the wall limit leaves room for a loaded machine; CPU time is what loops hit).</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public static CodeVerifierOptions FastOptions { get; } = new()
    {
        Sandbox = new SandboxOptions { WallTimeout = TimeSpan.FromSeconds(4), CpuSeconds = 1, MemoryBytes = 256L << 20 },
    };

    public CodeVerifier Verifier { get; } = new(FastOptions);

    public Task InitializeAsync() => Verifier.Pool.StartAsync(CancellationToken.None);

    public async Task DisposeAsync() => await Verifier.DisposeAsync();

    public Task<Verdict> VerifyAsync(Problem problem, string program) =>
        Verifier.VerifyAsync(problem, Complete(program), CancellationToken.None).AsTask();

    /// <summary>A completion in the R1 format with the program in a fenced block.</summary>
    public static string Complete(string program) => R1Template.Completion("", $"```python\n{program}\n```");

    /// <summary>"Sort xs ascending" with two visible examples and six hidden tests.</summary>
    public static Problem SortProblem(string id = "code-sort-test")
    {
        static TestCase Case(int[] xs) => new([PlainValue.From(xs)], PlainValue.From(xs.Order().ToArray()));
        var reference = new CodeReference(
            "solve",
            [Case([3, 1, 2]), Case([5, 4])],
            [Case([9, 7, 8]), Case([]), Case([1]), Case([2, 2, 1]), Case([-3, 10, 0, -1]), Case([6, 5, 4, 3, 2, 1])],
            "sort_ascending");
        return new Problem
        {
            Id = id,
            Family = CodeVerifier.FamilyName,
            Prompt = "Write solve(xs) that returns the list sorted ascending. solve([3,1,2]) == [1,2,3]; solve([5,4]) == [4,5]",
            Reference = reference.ToJson(),
        };
    }

    public static Problem WithReference(CodeReference reference, string id = "code-custom-test") => new()
    {
        Id = id,
        Family = CodeVerifier.FamilyName,
        Prompt = "custom",
        Reference = reference.ToJson(),
    };

    public static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 256 });
        return document.RootElement.Clone();
    }
}
