using System.Text.Json;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;
using ReasonRL.Core.Verification;

namespace ReasonRL.Training.Tests.Corpus;

/// <summary>A minimal task family for trainer and corpus tests: "a+b" with a one-digit answer space per level.</summary>
internal sealed class AdditionFamily : ITaskFamily
{
    public string Name => "addition";

    public IReadOnlyList<int> Difficulties { get; } = [1, 2];

    public string Alphabet => "0123456789+= \n";

    public IEnumerable<Problem> Generate(GenerationRequest request)
    {
        var random = new DeterministicRandom(request.Seed);
        var produced = 0;
        while (produced < request.Count)
        {
            var level = request.Difficulty ?? random.Pick(Difficulties);
            var limit = level == 1 ? 10 : 100;
            var (a, b) = (random.NextInt(limit), random.NextInt(limit));
            var key = $"{a}+{b}";
            if (SplitAssignment.Of(key) != request.Split)
            {
                continue;
            }

            produced++;
            yield return new Problem
            {
                Id = $"add-{a}-{b}",
                Family = Name,
                Prompt = key,
                Reference = JsonDocument.Parse($"{{\"answer\": {a + b}}}").RootElement,
                Difficulty = level,
                Split = request.Split,
            };
        }
    }

    public string RenderSolution(Problem problem, SolutionStyle style, SolutionOptions options, ulong seed)
    {
        var answer = problem.Reference.GetProperty("answer").GetInt32();
        return style switch
        {
            SolutionStyle.Direct => R1Template.Completion("", $"{answer}"),
            SolutionStyle.Steps => R1Template.Completion($"\n{problem.Prompt} = {answer}\n", $"{answer}"),
            _ => R1Template.Completion($"\n{problem.Prompt} = {answer + 1}\nWait, {problem.Prompt} is {answer}, not {answer + 1}.\n{problem.Prompt} = {answer}\n", $"{answer}"),
        };
    }

    public IVerifier CreateVerifier() => new AdditionVerifier();

    private sealed class AdditionVerifier : IVerifier
    {
        public string Name => "addition";

        public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken)
        {
            var start = completion.LastIndexOf(R1Template.AnswerOpen, StringComparison.Ordinal);
            var end = completion.LastIndexOf(R1Template.AnswerClose, StringComparison.Ordinal);
            if (start < 0 || end < start)
            {
                return ValueTask.FromResult(Verdict.BadFormat("no answer"));
            }

            var answer = completion[(start + R1Template.AnswerOpen.Length)..end].Trim();
            return ValueTask.FromResult(answer == problem.Reference.GetProperty("answer").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)
                ? Verdict.Correct()
                : Verdict.Incorrect());
        }
    }
}
