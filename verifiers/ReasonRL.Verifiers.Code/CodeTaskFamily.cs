using Microsoft.Extensions.Logging;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Verifiers.Code.Problems;
using ReasonRL.Verifiers.Code.Sandbox;

namespace ReasonRL.Verifiers.Code;

/// <summary>
/// The <c>code</c> task family: program synthesis of a Python function <c>solve</c> over ints, strings and lists,
/// from a one-sentence description and two examples, checked by a sandboxed unit-test runner against hidden tests.
/// Its verifiers share one sandbox pool, started on the first program and ended when the family is disposed.
/// </summary>
public sealed class CodeTaskFamily : ITaskFamily, IAsyncDisposable, IDisposable
{
    private readonly CodeVerifierOptions _options;
    private readonly SandboxPool _pool;

    public CodeTaskFamily(CodeVerifierOptions? options = null, ILogger<CodeTaskFamily>? logger = null)
    {
        _options = options ?? new CodeVerifierOptions();
        _pool = new SandboxPool(_options.Sandbox, logger);
    }

    public string Name => CodeVerifier.FamilyName;

    public IReadOnlyList<int> Difficulties => CodeTaskCatalog.Difficulties;

    /// <summary>Printable ASCII and the newline: programs need most of it.</summary>
    public string Alphabet { get; } = new([.. Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c), '\n']);

    public IEnumerable<Problem> Generate(GenerationRequest request) => CodeProblemGenerator.Generate(request);

    public string RenderSolution(Problem problem, SolutionStyle style, SolutionOptions options, ulong seed) =>
        CodeSolutionRenderer.Render(problem, style, options, seed);

    /// <summary>The family's correctness verifier, <c>code</c>: the hidden tests decide.</summary>
    public IVerifier CreateVerifier() => CreateVerifier(CodeVerifierKind.Hidden);

    /// <summary>A verifier on the family's sandbox pool that rewards the tests <paramref name="kind"/> names.</summary>
    public IVerifier CreateVerifier(CodeVerifierKind kind) => new CodeVerifier(_pool, ownsPool: false, _options with { Kind = kind });

    public ValueTask DisposeAsync() => _pool.DisposeAsync();

    public void Dispose() => _pool.Dispose();
}
