using ReasonRL.Core.Json;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;
using ReasonRL.Core.Verification;
using ReasonRL.Verifiers.Arithmetic.Expressions;
using ReasonRL.Verifiers.Arithmetic.Numbers;
using ReasonRL.Verifiers.Arithmetic.Steps;

namespace ReasonRL.Verifiers.Arithmetic;

/// <summary>
/// The <c>arithmetic</c> family: multi-step integer expressions with + − × ÷ and parentheses ("Compute 37+48*2-15"),
/// difficulty = number of operations and size of the numbers (<see cref="ArithmeticLevel"/>). Worked steps do one
/// operation per line, innermost and higher precedence first: "48*2 = 96\n37+96 = 133\n133-15 = 118".
/// The <c>digits</c> family (<see cref="Digits"/>) draws left-to-right chains of one-digit numbers instead (<see cref="ArithmeticLevel.DigitsTable"/>).
/// </summary>
public sealed class ArithmeticFamily : ITaskFamily, IAnswerCanonicalizer
{
    public const string FamilyName = "arithmetic";
    public const string DigitsFamilyName = "digits";
    public const string PromptPrefix = "Compute ";

    private readonly IReadOnlyList<ArithmeticLevel> _levels;

    public ArithmeticFamily()
        : this(FamilyName, ArithmeticLevel.Table)
    {
    }

    private ArithmeticFamily(string name, IReadOnlyList<ArithmeticLevel> levels)
    {
        Name = name;
        _levels = levels;
        Difficulties = [.. levels.Select(l => l.Level)];
    }

    /// <summary>The <c>digits</c> family: left-to-right chains of one-digit numbers ("Compute 7+3-1").</summary>
    public static ArithmeticFamily Digits() => new(DigitsFamilyName, ArithmeticLevel.DigitsTable);

    public string Name { get; }

    public IReadOnlyList<int> Difficulties { get; }

    public string Alphabet { get; } = CharacterSet.Of(PromptPrefix, "0123456789+-*/()", " = \n", "Wait, is not.", "rework:", R1Template.Alphabet);

    public IEnumerable<Problem> Generate(GenerationRequest request) =>
        ProblemDrawer.Draw(Name, request, Difficulties, Draw);

    public string RenderSolution(Problem problem, SolutionStyle style, SolutionOptions options, ulong seed)
    {
        if (!ReferenceFields.TryGetString(problem.Reference, "expression", out var text))
        {
            throw new ArgumentException($"problem {problem.Id}: the reference has no expression", nameof(problem));
        }

        if (!ExpressionParser.TryParse(text, ParseOptions.Steps, out var expression, out var error))
        {
            throw new ArgumentException($"problem {problem.Id}: unreadable reference expression ({error})", nameof(problem));
        }

        var steps = WorkedStep.Of(expression);
        var answer = ReferenceFields.TryGetString(problem.Reference, "answer", out var given) ? given : ExpressionGenerator.Value(expression).ToString();
        return SolutionWriter.Write(steps, answer, style, options, seed, text);
    }

    /// <summary>Every style: the answer is a number, so a plausible wrong first answer for <see cref="SolutionStyle.AnswerThenCheck"/> exists.</summary>
    public bool Writes(SolutionStyle style) => true;

    public IVerifier CreateVerifier() => new ArithmeticVerifier(Name);

    /// <summary>Numbers vote by value ("0.5" and "1/2" are one answer); anything else by its text.</summary>
    public string Canonicalize(string answer) =>
        AnswerNumber.TryParse(answer, out var value) ? value.ToString() : IAnswerCanonicalizer.Default(answer);

    private ProblemCandidate? Draw(int difficulty, DeterministicRandom random)
    {
        var level = _levels[difficulty - 1];
        var operations = random.NextInt(level.MinOperations, level.MaxOperations);
        if (ExpressionGenerator.Draw(level, operations, random) is not { } tree)
        {
            return null;
        }

        var expression = ExpressionPrinter.Print(tree);
        var answer = ExpressionGenerator.Value(tree).ToString();
        return new ProblemCandidate($"{Name}:{expression}", PromptPrefix + expression, new ArithmeticReference(expression, answer), difficulty);
    }
}
