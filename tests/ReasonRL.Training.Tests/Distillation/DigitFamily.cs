using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Training.Tests.Corpus;

namespace ReasonRL.Training.Tests.Distillation;

/// <summary>
/// The addition problems under another name, judged by <see cref="DigitVerifier"/>: a family that a random tiny
/// teacher solves often enough to fill a dataset, so a whole distillation recipe can run in a test.
/// </summary>
internal sealed class DigitFamily : ITaskFamily
{
    private readonly AdditionFamily _addition = new();

    public string Name => "digit";

    public IReadOnlyList<int> Difficulties => _addition.Difficulties;

    public string Alphabet => _addition.Alphabet;

    public IEnumerable<Problem> Generate(GenerationRequest request) =>
        _addition.Generate(request).Select(p => p with { Family = Name, Id = "digit" + p.Id[3..] });

    public string RenderSolution(Problem problem, SolutionStyle style, SolutionOptions options, ulong seed) =>
        _addition.RenderSolution(problem, style, options, seed);

    public IVerifier CreateVerifier() => new DigitVerifier();
}
