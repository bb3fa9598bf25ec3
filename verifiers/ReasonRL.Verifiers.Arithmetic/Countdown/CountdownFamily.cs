using ReasonRL.Core.Json;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;
using ReasonRL.Core.Verification;
using ReasonRL.Verifiers.Arithmetic.Expressions;
using ReasonRL.Verifiers.Arithmetic.Steps;

namespace ReasonRL.Verifiers.Arithmetic.Countdown;

/// <summary>
/// The <c>countdown</c> family (the task TinyZero trains on): reach a target from given numbers with + − × ÷ and
/// parentheses, each number at most once — or exactly once when the family is made with
/// <c>requireAllNumbers</c>. Prompt: "Make 83 with 3 25 5 4 (+-*/, each at most once)"; the answer is an
/// expression such as "(25-5)*4+3". The generator builds the target from the numbers, so every instance is
/// solvable (<see cref="CountdownLevel"/>). Worked steps combine two numbers per line: "25-5 = 20\n20*4 = 80\n80+3 = 83".
/// </summary>
public sealed class CountdownFamily(bool requireAllNumbers = false) : ITaskFamily
{
    public const string FamilyName = "countdown";
    private const int AttemptsPerCombination = 16;

    public string Name => FamilyName;

    public bool RequireAllNumbers { get; } = requireAllNumbers;

    public IReadOnlyList<int> Difficulties { get; } = [.. CountdownLevel.Table.Select(l => l.Level)];

    public string Alphabet { get; } = CharacterSet.Of(
        Prompt(0, [0], useAll: false), Prompt(0, [0], useAll: true), "0123456789+-*/()", " = \n", "Wait, is not.", R1Template.Alphabet);

    public IEnumerable<Problem> Generate(GenerationRequest request) =>
        ProblemDrawer.Draw(FamilyName, request, Difficulties, Draw);

    public string RenderSolution(Problem problem, SolutionStyle style, SolutionOptions options, ulong seed)
    {
        if (!ReferenceFields.TryGetString(problem.Reference, "solution", out var solution)
            || !ExpressionParser.TryParse(solution, ParseOptions.Countdown, out var expression, out _))
        {
            throw new ArgumentException($"problem {problem.Id}: the reference has no readable 'solution'", nameof(problem));
        }

        return SolutionWriter.Write(WorkedStep.Of(expression), solution, style, options, seed);
    }

    public IVerifier CreateVerifier() => new CountdownVerifier();

    public static string Prompt(int target, IReadOnlyList<int> numbers, bool useAll) =>
        $"Make {target} with {string.Join(' ', numbers)} (+-*/, each {(useAll ? "exactly" : "at most")} once)";

    private ProblemCandidate? Draw(int difficulty, DeterministicRandom random)
    {
        var level = CountdownLevel.Of(difficulty);
        var numbers = Enumerable.Range(0, level.Numbers).Select(_ => random.NextInt(1, level.MaxNumber)).ToArray();
        var pool = numbers.Select(n => ((Expr)new NumberExpr(n), n)).ToList();
        while (pool.Count > 1)
        {
            var i = random.NextInt(pool.Count);
            var j = (i + 1 + random.NextInt(pool.Count - 1)) % pool.Count;
            if (Combine(pool[i], pool[j], level, random) is not { } combined)
            {
                return null;
            }

            pool[Math.Min(i, j)] = combined;
            pool.RemoveAt(Math.Max(i, j));
        }

        var (tree, target) = pool[0];
        if (target > level.MaxTarget || numbers.Contains(target))
        {
            return null;
        }

        var solution = ExpressionPrinter.Print(tree);
        var key = $"{FamilyName}:{string.Join(',', numbers.Order())}:{target}:{(RequireAllNumbers ? "all" : "any")}";
        return new ProblemCandidate(
            key, Prompt(target, numbers, RequireAllNumbers), new CountdownReference(numbers, target, RequireAllNumbers, solution), difficulty);
    }

    /// <summary>A random valid operation on two values (larger first for − and ÷), or null when none was found.</summary>
    private static (Expr, int)? Combine((Expr Expr, int Value) a, (Expr Expr, int Value) b, CountdownLevel level, DeterministicRandom random)
    {
        var (large, small) = a.Value >= b.Value ? (a, b) : (b, a);
        for (var attempt = 0; attempt < AttemptsPerCombination; attempt++)
        {
            var op = (Operator)random.NextInt(4);
            long value = op switch
            {
                Operator.Add => (long)large.Value + small.Value,
                Operator.Subtract => large.Value - small.Value,
                Operator.Multiply when small.Value > 1 => (long)large.Value * small.Value,
                Operator.Divide when small.Value > 1 && large.Value % small.Value == 0 => large.Value / small.Value,
                _ => 0,
            };
            if (value >= 1 && value <= level.MaxIntermediate)
            {
                var (left, right) = op is Operator.Add or Operator.Multiply && random.NextBool(0.5) ? (small, large) : (large, small);
                return (new BinaryExpr(op, left.Expr, right.Expr), (int)value);
            }
        }

        return null;
    }
}
