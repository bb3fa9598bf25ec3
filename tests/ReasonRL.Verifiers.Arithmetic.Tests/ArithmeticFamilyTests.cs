using ReasonRL.Core.Json;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;
using ReasonRL.Verifiers.Arithmetic.Expressions;
using ReasonRL.Verifiers.Arithmetic.Steps;

namespace ReasonRL.Verifiers.Arithmetic.Tests;

public class ArithmeticFamilyTests
{
    private readonly ArithmeticFamily _family = new();

    [Fact]
    public void The_same_request_gives_the_same_problems_and_a_longer_request_extends_a_shorter_one()
    {
        var first = _family.Generate(new GenerationRequest(7, 200)).Select(Jsonl.Line).ToList();
        var again = _family.Generate(new GenerationRequest(7, 200)).Select(Jsonl.Line).ToList();
        var longer = _family.Generate(new GenerationRequest(7, 300)).Select(Jsonl.Line).Take(200).ToList();
        var otherSeed = _family.Generate(new GenerationRequest(8, 200)).Select(Jsonl.Line).ToList();

        Assert.Equal(first, again);
        Assert.Equal(first, longer);
        Assert.NotEqual(first, otherSeed);
    }

    [Theory]
    [InlineData(Split.Train)]
    [InlineData(Split.Test)]
    public void Every_problem_lies_on_the_requested_split_and_the_splits_never_share_a_problem(Split split)
    {
        var problems = _family.Generate(new GenerationRequest(3, 500, Split: split)).ToList();
        var other = _family.Generate(new GenerationRequest(3, 500, Split: split == Split.Train ? Split.Test : Split.Train)).ToList();

        Assert.All(problems, p => Assert.Equal(split, p.Split));
        Assert.All(problems, p => Assert.Equal(split, SplitAssignment.Of("arithmetic:" + Expression(p))));
        Assert.Empty(problems.Select(Expression).Intersect(other.Select(Expression)));
        Assert.Equal(problems.Count, problems.Select(p => p.Id).Distinct().Count());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Problems_follow_their_level_of_the_difficulty_table(int difficulty) =>
        AssertFollowsLevel(_family, ArithmeticLevel.Of(difficulty));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Digits_problems_follow_their_level_of_the_digits_table(int difficulty)
    {
        var digits = ArithmeticFamily.Digits();

        Assert.Equal("digits", digits.Name);
        Assert.Equal("digits", digits.CreateVerifier().Name);
        Assert.All(digits.Generate(new GenerationRequest(11, 50, difficulty)), p => Assert.Equal("digits", p.Family));
        AssertFollowsLevel(digits, ArithmeticLevel.DigitsTable[difficulty - 1]);
        foreach (var problem in digits.Generate(new GenerationRequest(12, 100, difficulty)))
        {
            // A chain: no parentheses, and the worked steps take the numbers in the prompt's order.
            Assert.DoesNotContain("(", Expression(problem), StringComparison.Ordinal);
            Assert.True(ExpressionParser.TryParse(Expression(problem), ParseOptions.Steps, out var expr, out _));
            var numbers = expr.Literals().Select(l => (int)l.Value.Numerator).ToList();
            var steps = WorkedStep.Of(expr);
            Assert.Equal(numbers.Skip(1), steps.Select(s => (int)s.Right.Numerator));
        }
    }

    private static void AssertFollowsLevel(ArithmeticFamily family, ArithmeticLevel level)
    {
        var difficulty = level.Level;
        foreach (var problem in family.Generate(new GenerationRequest(11, 200, difficulty)))
        {
            Assert.Equal(difficulty, problem.Difficulty);
            Assert.Equal(ArithmeticFamily.PromptPrefix + Expression(problem), problem.Prompt);
            Assert.True(ExpressionParser.TryParse(Expression(problem), ParseOptions.Steps, out var expr, out _));
            Assert.InRange(expr.OperationCount(), level.MinOperations, level.MaxOperations);
            Assert.All(expr.Literals(), l => Assert.InRange((int)l.Value.Numerator, 1, level.MaxOperand));
            foreach (var step in WorkedStep.Of(expr))
            {
                Assert.True(step.Result.IsInteger, $"{problem.Prompt}: {step.Line}");
                Assert.InRange((int)step.Result.Numerator, 0, level.MaxIntermediate);
                if (step.Operator is Operator.Multiply or Operator.Divide)
                {
                    Assert.InRange((int)Min(step.Left, step.Right).Numerator, 2, level.MaxFactor);
                }
            }

            Assert.Equal(WorkedStep.Of(expr)[^1].Result.ToString(), problem.Reference.GetProperty("answer").GetString());
        }
    }

    [Fact]
    public void Without_a_difficulty_every_level_appears()
    {
        var levels = _family.Generate(new GenerationRequest(5, 300)).Select(p => p.Difficulty).Distinct().Order();

        Assert.Equal(_family.Difficulties, levels);
    }

    [Fact]
    public void Worked_steps_do_one_operation_per_line_highest_precedence_first()
    {
        var problem = TestProblems.Arithmetic("37+48*2-15", "118");

        var completion = _family.RenderSolution(problem, SolutionStyle.Steps, SolutionOptions.Default, 1);

        Assert.Equal(R1Template.Completion("48*2 = 96\n37+96 = 133\n133-15 = 118", "118"), completion);
        Assert.Equal(R1Template.Completion("", "118"), _family.RenderSolution(problem, SolutionStyle.Direct, SolutionOptions.Default, 1));
    }

    [Fact]
    public void Parenthesised_groups_are_worked_out_first()
    {
        var completion = _family.RenderSolution(TestProblems.Arithmetic("(3+4)*(5+6)", "77"), SolutionStyle.Steps, SolutionOptions.Default, 1);

        Assert.Equal(R1Template.Completion("3+4 = 7\n5+6 = 11\n7*11 = 77", "77"), completion);
    }

    [Fact]
    public void Verification_style_writes_a_noticed_and_corrected_mistake()
    {
        var problem = TestProblems.Arithmetic("37+48*2-15", "118");
        var options = new SolutionOptions { MistakeRate = 0 };

        var completion = _family.RenderSolution(problem, SolutionStyle.StepsWithVerification, options, 4);
        var thinking = R1Completion.Parse(completion).Thinking!;
        var lines = thinking.Split('\n');

        Assert.Equal(5, lines.Length); // exactly one mistake when the rate is 0: at least one is always written
        var wait = Array.FindIndex(lines, l => l.StartsWith("Wait, ", StringComparison.Ordinal));
        var expression = lines[wait + 1].Split(" = ")[0];
        Assert.Equal($"{expression} = {lines[wait - 1].Split(" = ")[1]}", lines[wait - 1]);
        Assert.Equal($"Wait, {expression} is {lines[wait + 1].Split(" = ")[1]}, not {lines[wait - 1].Split(" = ")[1]}.", lines[wait]);
        Assert.True(ReflectionDetector.Default.IsReflective(completion));
        Assert.Equal(completion, _family.RenderSolution(problem, SolutionStyle.StepsWithVerification, options, 4));
    }

    [Fact]
    public void A_mistake_rate_of_one_corrects_every_step()
    {
        var completion = _family.RenderSolution(TestProblems.Arithmetic("37+48*2-15", "118"), SolutionStyle.StepsWithVerification, new SolutionOptions { MistakeRate = 1 }, 9);

        Assert.Equal(3, completion.Split("Wait, ").Length - 1);
    }

    [Fact]
    public void The_alphabet_covers_every_prompt_and_solution()
    {
        var alphabet = _family.Alphabet.ToHashSet();
        foreach (var problem in _family.Generate(new GenerationRequest(2, 300)))
        {
            foreach (var style in Enum.GetValues<SolutionStyle>())
            {
                var text = R1Template.Prompt(problem.Prompt) + _family.RenderSolution(problem, style, new SolutionOptions { MistakeRate = 0.5 }, 3);
                Assert.All(text, c => Assert.Contains(c, alphabet));
            }
        }
    }

    [Theory]
    [InlineData("1/2", "0.5", true)]
    [InlineData("1,000", "1000", true)]
    [InlineData("  banana  split ", "banana split", true)]
    [InlineData("3", "4", false)]
    public void Answers_are_canonicalised_by_value_for_majority_votes(string a, string b, bool same) =>
        Assert.Equal(same, _family.Canonicalize(a) == _family.Canonicalize(b));

    private static string Expression(Problem problem) => problem.Reference.GetProperty("expression").GetString()!;

    private static Numbers.Rational Min(Numbers.Rational a, Numbers.Rational b) => a < b ? a : b;
}
