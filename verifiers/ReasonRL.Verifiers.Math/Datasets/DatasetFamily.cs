using System.Collections.Concurrent;
using ReasonRL.Core;
using ReasonRL.Core.Json;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;
using ReasonRL.Core.Verification;

namespace ReasonRL.Verifiers.Math.Datasets;

/// <summary>
/// The <c>dataset</c> family: problems read from a file (<see cref="DatasetProblems"/>) and checked by the
/// <see cref="MathVerifier"/>. The registered instance knows no file: it renders solutions and verifies any
/// <c>dataset</c> problem, and <see cref="Open"/> binds it to a file named by a recipe (<c>dataset: {path: …}</c>);
/// the bound family "generates" that file's problems of the requested split and level, drawn by the request's seed.
/// </summary>
public sealed class DatasetFamily : IDatasetFamily, IAnswerCanonicalizer
{
    public const string FamilyName = "dataset";

    private readonly ConcurrentDictionary<DatasetSpec, Lazy<BoundDataset>> _opened = new();

    public string Name => FamilyName;

    public IReadOnlyList<int> Difficulties { get; } = [1];

    /// <summary>Printable ASCII and newlines: what a character-level model can read of a dataset; files bring their own text.</summary>
    public string Alphabet { get; } = CharacterSet.Of(new string([.. Enumerable.Range(32, 95).Select(c => (char)c)]), "\n", R1Template.Alphabet);

    public IEnumerable<Problem> Generate(GenerationRequest request) =>
        throw new InputException("the dataset family reads its problems from a file: name it in a recipe (family: dataset, dataset: {path: FILE, ...}) or convert it with `reasonrl tasks import`");

    public ITaskFamily Open(DatasetSpec dataset) => _opened.GetOrAdd(dataset, spec => new Lazy<BoundDataset>(() => new BoundDataset(spec))).Value;

    public string RenderSolution(Problem problem, SolutionStyle style, SolutionOptions options, ulong seed) => Render(problem, style);

    public IVerifier CreateVerifier() => new MathVerifier(FamilyName);

    public string Canonicalize(string answer) => IAnswerCanonicalizer.Default(answer);

    /// <summary>
    /// The R1 completion for a dataset problem: the bare gold answer (<see cref="SolutionStyle.Direct"/>), or the
    /// worked solution from the file as the thinking section when the file has one.
    /// </summary>
    internal static string Render(Problem problem, SolutionStyle style)
    {
        if (!ReferenceFields.TryGetString(problem.Reference, "answer", out var answer))
        {
            throw new ArgumentException($"problem {problem.Id}: the reference has no answer", nameof(problem));
        }

        var thinking = style != SolutionStyle.Direct && ReferenceFields.TryGetString(problem.Reference, "solution", out var solution) ? solution : "";
        return R1Template.Completion(thinking, answer);
    }

    /// <summary>One file's problems, held by split and level (the columns used only, never the whole file).</summary>
    private sealed class BoundDataset : ITaskFamily
    {
        private readonly Dictionary<(Split, int), List<Problem>> _problems = [];

        public BoundDataset(DatasetSpec spec)
        {
            foreach (var problem in DatasetProblems.Read(spec))
            {
                var key = (problem.Split, problem.Difficulty);
                if (!_problems.TryGetValue(key, out var list))
                {
                    _problems[key] = list = [];
                }

                list.Add(problem);
            }

            if (_problems.Count == 0)
            {
                throw new InputException($"{spec.Path}: no problems in the file");
            }

            Difficulties = [.. _problems.Keys.Select(k => k.Item2).Distinct().Order()];
            Alphabet = CharacterSet.Of([.. _problems.Values.SelectMany(l => l).SelectMany(p => new[] { p.Prompt, Render(p, SolutionStyle.Steps) }), R1Template.Alphabet]);
            Path = spec.Path;
        }

        public string Name => FamilyName;

        public string Path { get; }

        public IReadOnlyList<int> Difficulties { get; }

        public string Alphabet { get; }

        public IEnumerable<Problem> Generate(GenerationRequest request)
        {
            var pool = _problems.Where(p => p.Key.Item1 == request.Split && (request.Difficulty is null || p.Key.Item2 == request.Difficulty))
                .OrderBy(p => p.Key.Item2).SelectMany(p => p.Value).ToList();
            if (pool.Count == 0)
            {
                throw new InputException($"{Path}: no {SnakeCase.From(request.Split.ToString())} problems{(request.Difficulty is { } d ? $" of difficulty {d}" : "")}");
            }

            var random = new Core.Randomness.DeterministicRandom(request.Seed);
            for (var i = 0; i < request.Count; i++)
            {
                yield return random.Pick(pool);
            }
        }

        public string RenderSolution(Problem problem, SolutionStyle style, SolutionOptions options, ulong seed) => Render(problem, style);

        public IVerifier CreateVerifier() => new MathVerifier(FamilyName);
    }
}
