using ReasonRL.Core.Json;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;
using ReasonRL.Verifiers.Arithmetic.Countdown;
using ReasonRL.Verifiers.Arithmetic.Expressions;

namespace ReasonRL.Verifiers.Arithmetic.Tests;

public class CountdownTests
{
    private static readonly Problem Problem = TestProblems.Make("countdown", new CountdownReference([3, 25, 5, 4], 83, false, "(25-5)*4+3"));
    private static readonly Problem Twice = TestProblems.Make("countdown", new CountdownReference([5, 5, 2], 50, false, "5*5*2"));
    private static readonly Problem AllOnce = TestProblems.Make("countdown", new CountdownReference([3, 25, 5, 4], 83, true, "(25-5)*4+3"));

    [Theory]
    [InlineData("(25-5)*4+3", Outcome.Correct, "reaches 83")]
    [InlineData(" 3 + 4 * (25 - 5) ", Outcome.Correct, "reaches 83")]
    [InlineData("((25-5))*(4)+3", Outcome.Correct, "reaches 83")]
    [InlineData("25*3+4+4", Outcome.Incorrect, "uses 4 more often than it is given")]
    [InlineData("25*3+5+3", Outcome.Incorrect, "uses 3 more often than it is given")]
    [InlineData("80+3", Outcome.Incorrect, "uses 80, which is not given")]
    [InlineData("83", Outcome.Incorrect, "uses 83, which is not given")]
    [InlineData("25*4-5*3-2", Outcome.Incorrect, "uses 2, which is not given")]
    [InlineData("25*3+5", Outcome.Incorrect, "equals 80, not 83")]
    [InlineData("(25-5)*4+3 = 83", Outcome.Incorrect, "not an expression")]
    [InlineData("-3+25*4-5-4-5", Outcome.Incorrect, "unary minus")]
    [InlineData("25/(5-5)+3", Outcome.Incorrect, "uses 5 more often")]
    [InlineData("25/(4-4)", Outcome.Incorrect, "uses 4 more often")]
    [InlineData("3/(5-5)", Outcome.Incorrect, "uses 5 more often")]
    [InlineData("25.0*3+5+3", Outcome.Incorrect, "decimal")]
    [InlineData("", Outcome.Incorrect, "not an expression")]
    [InlineData("twenty five", Outcome.Incorrect, "not an expression")]
    public void Tricky_answers(string answer, Outcome expected, string detail)
    {
        var verdict = CountdownVerifier.Verify(Problem, R1Template.Completion("", answer));

        Assert.Equal(expected, verdict.Outcome);
        Assert.Contains(detail, verdict.Detail!, StringComparison.Ordinal);
    }

    [Fact]
    public void Division_by_zero_is_incorrect_not_an_exception()
    {
        var problem = TestProblems.Make("countdown", new CountdownReference([3, 4, 4, 7], 10, false, "3+7"));

        var verdict = CountdownVerifier.Verify(problem, "<answer>3/(4-4)+7</answer>");

        Assert.Equal((Outcome.Incorrect, "divides by zero"), (verdict.Outcome, verdict.Detail));
    }

    [Fact]
    public void Fractional_intermediates_are_exact()
    {
        var problem = TestProblems.Make("countdown", new CountdownReference([8, 3, 8, 3], 24, true, "8/(3-8/3)"));

        Assert.True(CountdownVerifier.Verify(problem, "<answer>8/(3-8/3)</answer>").IsCorrect);
    }

    [Theory]
    [InlineData("5*5*2", true)]
    [InlineData("5*5*2*5", false)]
    [InlineData("(5+5)*5", false)]
    public void A_number_given_twice_may_be_used_twice(string answer, bool correct) =>
        Assert.Equal(correct, CountdownVerifier.Verify(Twice, $"<answer>{answer}</answer>").IsCorrect);

    [Theory]
    [InlineData("(25-5)*4+3", Outcome.Correct)]
    [InlineData("25*3+5+3", Outcome.Incorrect)]
    [InlineData("25*3+4+4", Outcome.Incorrect)]
    public void Exactly_once_requires_every_number(string answer, Outcome expected)
    {
        var twentyEightyThree = TestProblems.Make("countdown", new CountdownReference([3, 25, 5, 4, 1], 83, true, "(25-5)*4+3*1"));

        Assert.Equal(expected, CountdownVerifier.Verify(AllOnce, $"<answer>{answer}</answer>").Outcome);
        Assert.Contains("does not use 1", CountdownVerifier.Verify(twentyEightyThree, "<answer>(25-5)*4+3</answer>").Detail!, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_answer_tag_is_bad_format_and_a_broken_reference_is_an_error()
    {
        Assert.Equal(Outcome.BadFormat, CountdownVerifier.Verify(Problem, " <think>25-5 = 20</think> (25-5)*4+3").Outcome);
        Assert.Equal(Outcome.Error, CountdownVerifier.Verify(TestProblems.Make("countdown", new { numbers = "3 25" }), "<answer>3</answer>").Outcome);
    }

    [Fact]
    public void Steps_combine_two_numbers_per_line_and_are_marked()
    {
        var family = new CountdownFamily();

        var completion = family.RenderSolution(Problem, SolutionStyle.Steps, SolutionOptions.Default, 1);
        var verdict = CountdownVerifier.Verify(Problem, completion);

        Assert.Equal(R1Template.Completion("25-5 = 20\n20*4 = 80\n80+3 = 83", "(25-5)*4+3"), completion);
        Assert.Equal([true, true, true], verdict.Steps!.Select(s => s.Correct));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Every_generated_instance_is_solved_by_its_reference_using_each_number_once(int difficulty)
    {
        var level = CountdownLevel.Of(difficulty);
        foreach (var problem in new CountdownFamily().Generate(new GenerationRequest(17, 200, difficulty)))
        {
            Assert.True(ReferenceFields.TryGetInts(problem.Reference, "numbers", out var numbers));
            Assert.True(ReferenceFields.TryGetInt(problem.Reference, "target", out var target));
            var solution = problem.Reference.GetProperty("solution").GetString()!;
            Assert.Equal(level.Numbers, numbers.Length);
            Assert.All(numbers, n => Assert.InRange(n, 1, level.MaxNumber));
            Assert.InRange(target, 1, level.MaxTarget);
            Assert.DoesNotContain(target, numbers);
            Assert.Null(CountdownVerifier.Check(solution, numbers, target, useAll: true));
            Assert.Equal(CountdownFamily.Prompt(target, numbers, useAll: false), problem.Prompt);
        }
    }

    [Fact]
    public void Generation_is_deterministic_and_split_aware()
    {
        var family = new CountdownFamily();

        var first = family.Generate(new GenerationRequest(5, 100, Split: Split.Test)).Select(Jsonl.Line).ToList();
        var again = family.Generate(new GenerationRequest(5, 100, Split: Split.Test)).Select(Jsonl.Line).ToList();

        Assert.Equal(first, again);
        Assert.All(family.Generate(new GenerationRequest(5, 100, Split: Split.Test)), p => Assert.Equal(Split.Test, p.Split));
    }

    [Fact]
    public void The_exactly_once_option_is_recorded_in_the_reference_and_the_prompt()
    {
        var problem = new CountdownFamily(requireAllNumbers: true).Generate(new GenerationRequest(1, 1)).Single();

        Assert.True(problem.Reference.GetProperty("use_all").GetBoolean());
        Assert.EndsWith("each exactly once)", problem.Prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void The_alphabet_covers_every_prompt_and_solution()
    {
        var family = new CountdownFamily();
        var alphabet = family.Alphabet.ToHashSet();
        foreach (var problem in family.Generate(new GenerationRequest(2, 200)))
        {
            foreach (var style in Enum.GetValues<SolutionStyle>().Where(((ITaskFamily)family).Writes))
            {
                var text = R1Template.Prompt(problem.Prompt) + family.RenderSolution(problem, style, SolutionOptions.Default, 3);
                Assert.All(text, c => Assert.Contains(c, alphabet));
            }
        }
    }

    [Fact]
    public void A_solution_expression_reads_back_as_the_tree_the_generator_built()
    {
        foreach (var problem in new CountdownFamily().Generate(new GenerationRequest(9, 100)))
        {
            var solution = problem.Reference.GetProperty("solution").GetString()!;
            Assert.True(ExpressionParser.TryParse(solution, ParseOptions.Countdown, out var expr, out _));
            Assert.Equal(solution, ExpressionPrinter.Print(expr));
        }
    }
}
