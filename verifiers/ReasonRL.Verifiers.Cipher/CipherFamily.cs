using System.Globalization;
using System.Text.Json;
using ReasonRL.Core.Json;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;
using ReasonRL.Core.Verification;
using ReasonRL.Verifiers.Cipher.Ciphers;

namespace ReasonRL.Verifiers.Cipher;

/// <summary>
/// The <c>cipher</c> family: decode a short text enciphered with caesar, vigenère, a substitution or o1's
/// pair-average cipher (<see cref="CipherLevel"/>). Prompts, e.g.:
/// <code>
/// Caesar shift 3. Decode: khoor zruog
/// Caesar. dqw means ant. Decode: khoor zruog
/// Vigenere key abc. Decode: hfnlp wptlf
/// Substitution. qwert means abcde. Decode: ...
/// Pair cipher. oyfjdnisdr means think. Decode: rtqwainr acxz mynzbhhx
/// </code>
/// Worked steps decode one word per line ("khoor -> hello"; pair cipher: "oy fj dn is dr -> think"); the answer is
/// the plaintext, checked ignoring case and runs of whitespace.
/// </summary>
public sealed class CipherFamily : ITaskFamily, IAnswerCanonicalizer
{
    public const string FamilyName = "cipher";
    private const string Arrow = " -> ";

    public string Name => FamilyName;

    public IReadOnlyList<int> Difficulties { get; } = [.. CipherLevel.Table.Select(l => l.Level)];

    public string Alphabet { get; } = CharacterSet.Of(
        "abcdefghijklmnopqrstuvwxyz0123456789 ",
        "Caesar shift. Decode: means Vigenere key Substitution Pair cipher",
        Arrow,
        "\nWait, is not.",
        R1Template.Alphabet);

    public IEnumerable<Problem> Generate(GenerationRequest request) =>
        ProblemDrawer.Draw(FamilyName, request, Difficulties, Draw);

    public string RenderSolution(Problem problem, SolutionStyle style, SolutionOptions options, ulong seed)
    {
        var reference = problem.Reference.Deserialize<CipherReference>(RecordJson.Options)
            ?? throw new ArgumentException($"problem {problem.Id}: no reference", nameof(problem));
        var preamble = new List<string>();
        if (reference.Cipher == CipherKind.Caesar && reference.ExampleCiphertext is not null)
        {
            preamble.Add($"shift {reference.Key}");
        }

        var cipherWords = reference.Ciphertext.Split(' ');
        var plainWords = reference.Plaintext.Split(' ');
        var lines = cipherWords
            .Select((word, i) => new WorkedLine(reference.Cipher == CipherKind.PairAverage ? PairAverage.Pairs(word) : word, Arrow, plainWords[i]))
            .ToList();
        return WorkedSolution.Write(preamble, lines, reference.Plaintext, style, options, seed, NearMiss);
    }

    public IVerifier CreateVerifier() => new CipherVerifier();

    public string Canonicalize(string answer) => CipherAnswer.Normalize(answer);

    private static ProblemCandidate Draw(int difficulty, DeterministicRandom random)
    {
        var level = CipherLevel.Of(difficulty);
        var words = Enumerable.Range(0, random.NextInt(1, level.MaxWords)).Select(_ => random.Pick(Words.All)).ToList();
        var plaintext = string.Join(' ', words);
        var exampleWord = random.Pick([.. Words.All.Except(words)]);
        CipherReference reference;
        string prompt;
        switch (level.Cipher)
        {
            case CipherKind.Caesar:
                var shift = random.NextInt(1, 25);
                var ciphertext = Caesar.Encode(plaintext, shift);
                if (level.KeyStated)
                {
                    reference = new CipherReference(CipherKind.Caesar, plaintext, ciphertext, shift.ToString(CultureInfo.InvariantCulture));
                    prompt = $"Caesar shift {shift}. Decode: {ciphertext}";
                }
                else
                {
                    reference = new CipherReference(CipherKind.Caesar, plaintext, ciphertext, shift.ToString(CultureInfo.InvariantCulture), Caesar.Encode(exampleWord, shift), exampleWord);
                    prompt = $"Caesar. {reference.ExampleCiphertext} means {exampleWord}. Decode: {ciphertext}";
                }

                break;
            case CipherKind.Vigenere:
                var key = RandomKey(random);
                reference = new CipherReference(CipherKind.Vigenere, plaintext, Vigenere.Encode(plaintext, key), key);
                prompt = $"Vigenere key {key}. Decode: {reference.Ciphertext}";
                break;
            case CipherKind.Substitution:
                var permutation = "abcdefghijklmnopqrstuvwxyz".ToCharArray();
                random.Shuffle(permutation);
                var table = new string(permutation);
                var covered = ExampleLetters(plaintext, random);
                reference = new CipherReference(CipherKind.Substitution, plaintext, Substitution.Encode(plaintext, table), table, Substitution.Encode(covered, table), covered);
                prompt = $"Substitution. {reference.ExampleCiphertext} means {covered}. Decode: {reference.Ciphertext}";
                break;
            default:
                var example = PairAverage.Encode(exampleWord, random);
                reference = new CipherReference(CipherKind.PairAverage, plaintext, PairAverage.Encode(plaintext, random), null, example, exampleWord);
                prompt = $"Pair cipher. {example} means {exampleWord}. Decode: {reference.Ciphertext}";
                break;
        }

        return new ProblemCandidate($"{FamilyName}:{prompt}", prompt, reference, difficulty);
    }

    /// <summary>Three letters, not all 'a' (a key of a's would leave the text unchanged).</summary>
    private static string RandomKey(DeterministicRandom random)
    {
        while (true)
        {
            var key = new string([.. Enumerable.Range(0, 3).Select(_ => (char)('a' + random.NextInt(26)))]);
            if (key != "aaa")
            {
                return key;
            }
        }
    }

    /// <summary>Every letter of the plaintext plus three others, in alphabetical order: an example that decodes every letter of the answer.</summary>
    private static string ExampleLetters(string plaintext, DeterministicRandom random)
    {
        var letters = plaintext.Where(char.IsAsciiLetterLower).ToHashSet();
        var others = "abcdefghijklmnopqrstuvwxyz".Where(c => !letters.Contains(c)).ToList();
        random.Shuffle(others);
        letters.UnionWith(others.Take(3));
        return new string([.. letters.Order()]);
    }

    /// <summary>The right word with one letter moved one place in the alphabet ("hello" → "hemlo").</summary>
    private static string NearMiss(WorkedLine line, DeterministicRandom random)
    {
        var letters = line.Result.ToCharArray();
        var at = random.NextInt(letters.Length);
        letters[at] = (char)('a' + (letters[at] - 'a' + (random.NextBool(0.5) ? 1 : 25)) % 26);
        return new string(letters);
    }
}
