using ReasonRL.Core.Json;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;
using ReasonRL.Verifiers.Cipher.Ciphers;

namespace ReasonRL.Verifiers.Cipher.Tests;

public class CipherFamilyTests
{
    private readonly CipherFamily _family = new();

    [Fact]
    public void The_same_request_gives_the_same_problems()
    {
        var first = _family.Generate(new GenerationRequest(4, 200)).Select(Jsonl.Line).ToList();
        var again = _family.Generate(new GenerationRequest(4, 200)).Select(Jsonl.Line).ToList();
        var longer = _family.Generate(new GenerationRequest(4, 250)).Select(Jsonl.Line).Take(200).ToList();

        Assert.Equal(first, again);
        Assert.Equal(first, longer);
        Assert.NotEqual(first, _family.Generate(new GenerationRequest(5, 200)).Select(Jsonl.Line).ToList());
    }

    [Fact]
    public void Problems_lie_on_the_requested_split()
    {
        var test = _family.Generate(new GenerationRequest(4, 300, Split: Split.Test)).ToList();
        var train = _family.Generate(new GenerationRequest(4, 300)).ToList();

        Assert.All(test, p => Assert.Equal(Split.Test, SplitAssignment.Of("cipher:" + p.Prompt)));
        Assert.All(train, p => Assert.Equal(Split.Train, SplitAssignment.Of("cipher:" + p.Prompt)));
        Assert.Empty(test.Select(p => p.Prompt).Intersect(train.Select(p => p.Prompt)));
    }

    [Theory]
    [InlineData(1, CipherKind.Caesar, "Caesar shift ")]
    [InlineData(2, CipherKind.Caesar, "Caesar. ")]
    [InlineData(3, CipherKind.Vigenere, "Vigenere key ")]
    [InlineData(4, CipherKind.Substitution, "Substitution. ")]
    [InlineData(5, CipherKind.PairAverage, "Pair cipher. ")]
    public void Every_problem_is_solvable_from_its_prompt_alone(int difficulty, CipherKind kind, string prefix)
    {
        foreach (var problem in _family.Generate(new GenerationRequest(8, 200, difficulty)))
        {
            Assert.StartsWith(prefix, problem.Prompt, StringComparison.Ordinal);
            Assert.Equal(kind, Enum.Parse<CipherKind>(problem.Reference.GetProperty("cipher").GetString()!.Replace("_", "", StringComparison.Ordinal), ignoreCase: true));
            Assert.Equal(Plaintext(problem), SolveFromPrompt(problem.Prompt));
        }
    }

    /// <summary>Decodes using only what the prompt shows: the stated key, or the rule read off the worked example.</summary>
    private static string SolveFromPrompt(string prompt)
    {
        var ciphertext = prompt[(prompt.IndexOf("Decode: ", StringComparison.Ordinal) + 8)..];
        var example = prompt.Contains(" means ", StringComparison.Ordinal)
            ? prompt.Split(". ")[1].Split(" means ")
            : null;
        if (prompt.StartsWith("Caesar shift ", StringComparison.Ordinal))
        {
            return Caesar.Decode(ciphertext, int.Parse(prompt["Caesar shift ".Length..prompt.IndexOf('.', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture));
        }

        if (prompt.StartsWith("Caesar. ", StringComparison.Ordinal))
        {
            return Caesar.Decode(ciphertext, example![0][0] - example[1][0]);
        }

        if (prompt.StartsWith("Vigenere key ", StringComparison.Ordinal))
        {
            return Vigenere.Decode(ciphertext, prompt["Vigenere key ".Length..prompt.IndexOf('.', StringComparison.Ordinal)]);
        }

        if (prompt.StartsWith("Substitution. ", StringComparison.Ordinal))
        {
            var table = example![0].Zip(example[1]).ToDictionary(p => p.First, p => p.Second);
            return new string([.. ciphertext.Select(c => c == ' ' ? ' ' : table[c])]);
        }

        Assert.Equal(example![1], PairAverage.Decode(example[0]));
        return PairAverage.Decode(ciphertext)!;
    }

    [Fact]
    public void Worked_steps_decode_one_word_per_line()
    {
        var problem = _family.Generate(new GenerationRequest(1, 50, 5)).First(p => Plaintext(p).Contains(' ', StringComparison.Ordinal));

        var completion = _family.RenderSolution(problem, SolutionStyle.Steps, SolutionOptions.Default, 1);
        var lines = R1Completion.Parse(completion).Thinking!.Split('\n');

        Assert.Equal(Plaintext(problem).Split(' ').Length, lines.Length);
        Assert.All(lines, l => Assert.Equal(PairAverage.Decode(l.Split(" -> ")[0].Replace(" ", "", StringComparison.Ordinal)), l.Split(" -> ")[1]));
    }

    [Fact]
    public void Verification_style_corrects_a_near_miss_in_the_common_phrasing()
    {
        var problem = _family.Generate(new GenerationRequest(1, 1, 1)).Single();

        var completion = _family.RenderSolution(problem, SolutionStyle.StepsWithVerification, new SolutionOptions { MistakeRate = 0 }, 2);
        var lines = R1Completion.Parse(completion).Thinking!.Split('\n');
        var wait = Array.FindIndex(lines, l => l.StartsWith("Wait, ", StringComparison.Ordinal));
        var (cipherWord, wrong) = (lines[wait - 1].Split(" -> ")[0], lines[wait - 1].Split(" -> ")[1]);
        var right = lines[wait + 1].Split(" -> ")[1];

        Assert.Equal($"Wait, {cipherWord} is {right}, not {wrong}.", lines[wait]);
        Assert.NotEqual(right, wrong);
        Assert.Equal(right.Length, wrong.Length);
        Assert.True(ReflectionDetector.Default.IsReflective(completion));
    }

    [Fact]
    public void A_caesar_example_is_worked_into_a_shift_first()
    {
        var problem = _family.Generate(new GenerationRequest(1, 1, 2)).Single();

        var thinking = R1Completion.Parse(_family.RenderSolution(problem, SolutionStyle.Steps, SolutionOptions.Default, 1)).Thinking!;

        Assert.StartsWith($"shift {problem.Reference.GetProperty("key").GetString()}\n", thinking, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thousand_reference_solutions_in_every_style_verify_correct_and_perturbed_ones_incorrect()
    {
        var verifier = _family.CreateVerifier();
        var problems = _family.Generate(new GenerationRequest(2024, 1000)).ToList();
        foreach (var style in Enum.GetValues<SolutionStyle>().Where(((ITaskFamily)_family).Writes))
        {
            int correct = 0, perturbedCorrect = 0;
            foreach (var problem in problems)
            {
                var completion = _family.RenderSolution(problem, style, new SolutionOptions { MistakeRate = 0.3 }, 7);
                var plaintext = Plaintext(problem);
                var perturbed = completion.Replace($"<answer>{plaintext}</answer>", $"<answer>{Perturb(plaintext)}</answer>", StringComparison.Ordinal);
                correct += (await verifier.VerifyAsync(problem, completion, CancellationToken.None)).IsCorrect ? 1 : 0;
                var perturbedVerdict = await verifier.VerifyAsync(problem, perturbed, CancellationToken.None);
                perturbedCorrect += perturbedVerdict.IsCorrect ? 1 : 0;
                Assert.Equal(Outcome.Incorrect, perturbedVerdict.Outcome);
                Assert.Equal(Outcome.Correct, Core.Verification.FormatVerifier.Check(completion).Outcome);
            }

            Assert.Equal((style, 1000, 0), (style, correct, perturbedCorrect));
        }
    }

    /// <summary>The last letter moved one place in the alphabet: the nearest possible miss.</summary>
    private static string Perturb(string plaintext) =>
        plaintext[..^1] + (char)('a' + (plaintext[^1] - 'a' + 1) % 26);

    [Fact]
    public void The_alphabet_covers_every_prompt_and_solution()
    {
        var alphabet = _family.Alphabet.ToHashSet();
        foreach (var problem in _family.Generate(new GenerationRequest(3, 300)))
        {
            foreach (var style in Enum.GetValues<SolutionStyle>().Where(((ITaskFamily)_family).Writes))
            {
                var text = R1Template.Prompt(problem.Prompt) + _family.RenderSolution(problem, style, new SolutionOptions { MistakeRate = 0.5 }, 3);
                Assert.All(text, c => Assert.Contains(c, alphabet));
            }
        }
    }

    [Fact]
    public void Answers_vote_ignoring_case_and_spacing() =>
        Assert.Equal(_family.Canonicalize(" Hello   WORLD "), _family.Canonicalize("hello world"));

    private static string Plaintext(Problem problem) => problem.Reference.GetProperty("plaintext").GetString()!;
}
