using Parquet;
using Parquet.Schema;
using ReasonRL.Core;
using ReasonRL.Core.Json;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Verifiers.Math.Datasets;

namespace ReasonRL.Verifiers.Math.Tests;

public sealed class DatasetProblemsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-dataset-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_parquet_file_imports_with_gsm8k_and_math_answers_levels_and_splits()
    {
        var path = Path.Combine(_folder, "train-00000-of-00001.parquet");
        var problem = new DataField<string>("problem");
        var solution = new DataField<string>("solution");
        var level = new DataField<string>("level");
        var split = new DataField<string>("split");
        var id = new DataField<long>("idx");
        await using (var file = File.Create(path))
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, problem, solution, level, split), file);
            // Two row groups, as large files have.
            foreach (var rows in new[] { (0, 2), (2, 1) })
            {
                using var group = writer.CreateRowGroup();
                var (start, count) = rows;
                await group.WriteAsync<long>(id, new ReadOnlyMemory<long>([.. Enumerable.Range(start, count).Select(i => 100L + i)]));
                await group.WriteAsync(problem, new[] { "What is 2+3?", "Half of 1?", "Simplify $\\sqrt{8}$." }.Skip(start).Take(count).ToList());
                await group.WriteAsync(solution, new[] { "2+3 = 5\n#### 5", "It is $\\boxed{\\frac{1}{2}}$.", "$\\sqrt{8} = \\boxed{2\\sqrt{2}}$" }.Skip(start).Take(count).ToList());
                await group.WriteAsync(level, new[] { "Level 1", "Level 2", "Level 5" }.Skip(start).Take(count).ToList());
                await group.WriteAsync(split, new[] { "train", "test", "validation" }.Skip(start).Take(count).ToList());
            }
        }

        var spec = new DatasetSpec { Path = path, PromptColumn = "problem", AnswerColumn = "solution", IdColumn = "idx", DifficultyColumn = "level", SplitColumn = "split" };
        var problems = DatasetProblems.Read(spec).ToList();

        Assert.Equal(["100", "101", "102"], problems.Select(p => p.Id));
        Assert.All(problems, p => Assert.Equal("dataset", p.Family));
        Assert.Equal(["What is 2+3?", "Half of 1?", "Simplify $\\sqrt{8}$."], problems.Select(p => p.Prompt));
        Assert.Equal(["5", "\\frac{1}{2}", "2\\sqrt{2}"], problems.Select(p => Answer(p)));
        Assert.Equal([1, 2, 5], problems.Select(p => p.Difficulty));
        Assert.Equal([Split.Train, Split.Test, Split.Test], problems.Select(p => p.Split));
        Assert.True(new MathVerifier().Verify(problems[2], "<answer>\\sqrt{8}</answer>").IsCorrect);
    }

    [Fact]
    public async Task A_parquet_file_without_the_named_column_says_which_columns_it_has()
    {
        var path = Path.Combine(_folder, "data.parquet");
        var question = new DataField<string>("question");
        await using (var file = File.Create(path))
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(question), file);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(question, new List<string> { "1+1?" });
        }

        var error = Assert.Throws<InputException>(() => DatasetProblems.Read(new DatasetSpec { Path = path }).ToList());

        Assert.Equal($"{path}: no column 'answer'; its columns are question", error.Message);
    }

    [Theory]
    [InlineData("{\"answer\": \"5\"}", "data.jsonl:2: field 'question': missing")]
    [InlineData("{\"question\": \"1+1?\", \"answer\": [\"2\"]}", "data.jsonl:2: field 'answer': expected a string or a number, got an array")]
    [InlineData("{\"question\": \"1+1?\", \"answer\": \"#### \"}", "data.jsonl:2: field 'answer': no answer in it")]
    [InlineData("{\"question\": \"  \", \"answer\": \"2\"}", "data.jsonl:2: field 'question': empty")]
    [InlineData("{\"question\": \"1+1?\", \"answer\": \"2\", \"level\": \"hard\"}", "data.jsonl:2: field 'level': expected a difficulty level of at least 1, got \"hard\"")]
    [InlineData("{\"question\": \"1+1?\", \"answer\": \"2\", \"level\": 2, \"split\": \"holdout\"}", "data.jsonl:2: field 'split': 'holdout' is not a split; expected train, test or validation")]
    [InlineData("{\"question\": \"1+1?\", \"answer\": 2", "data.jsonl:2: not valid JSON")]
    public void A_bad_jsonl_row_names_the_file_the_line_and_the_field(string badLine, string expected)
    {
        var path = Path.Combine(_folder, "data.jsonl");
        File.WriteAllLines(path, ["{\"question\": \"2+2?\", \"answer\": 4, \"level\": 1, \"split\": \"train\"}", badLine]);
        var spec = new DatasetSpec { Path = path, DifficultyColumn = "level", SplitColumn = "split" };

        var error = Assert.Throws<InputException>(() => DatasetProblems.Read(spec).ToList());

        Assert.StartsWith(path.Replace("data.jsonl", "", StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_are_read_one_at_a_time()
    {
        var path = Path.Combine(_folder, "data.jsonl");
        File.WriteAllLines(path, ["{\"question\": \"2+2?\", \"answer\": \"4\"}", "not json at all"]);

        using var rows = DatasetProblems.Read(new DatasetSpec { Path = path }).GetEnumerator();

        Assert.True(rows.MoveNext());
        Assert.Equal("4", Answer(rows.Current));
        Assert.Throws<InputException>(() => rows.MoveNext());
    }

    [Fact]
    public void Without_a_split_column_the_split_is_a_stable_hash_of_id_and_seed()
    {
        var path = Path.Combine(_folder, "data.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, 2000).Select(i => $"{{\"id\": \"q{i}\", \"question\": \"{i}+1?\", \"answer\": \"{i + 1}\"}}"));
        var spec = new DatasetSpec { Path = path, IdColumn = "id", TestFraction = 0.25, Seed = 3 };

        var first = DatasetProblems.Read(spec).ToDictionary(p => p.Id, p => p.Split);
        var again = DatasetProblems.Read(spec).ToDictionary(p => p.Id, p => p.Split);
        var otherSeed = DatasetProblems.Read(spec with { Seed = 4 }).ToDictionary(p => p.Id, p => p.Split);
        File.WriteAllLines(path, File.ReadAllLines(path).Reverse());
        var reordered = DatasetProblems.Read(spec).ToDictionary(p => p.Id, p => p.Split);

        Assert.Equal(first, again);
        Assert.Equal(first, reordered);
        Assert.NotEqual(first, otherSeed);
        var heldOut = first.Values.Count(s => s == Split.Test) / 2000.0;
        Assert.InRange(heldOut, 0.22, 0.28);
    }

    [Fact]
    public async Task The_bound_family_draws_the_requested_split_and_renders_the_files_solutions()
    {
        var path = Path.Combine(_folder, "words.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, 50).Select(i => $"{{\"question\": \"Ann has {i} pens and gets 1 more. How many?\", \"answer\": \"{i}+1 = {i + 1}\\n#### {i + 1}\", \"split\": \"{(i % 5 == 0 ? "test" : "train")}\"}}"));
        var registry = new TaskFamilyRegistry([new DatasetFamily()]);
        var spec = new DatasetSpec { Path = path, SplitColumn = "split" };

        var family = registry.Get("dataset", spec);
        var test = family.Generate(new GenerationRequest(7, 20, null, Split.Test)).ToList();
        var again = registry.Get("dataset", spec).Generate(new GenerationRequest(7, 20, null, Split.Test)).ToList();

        Assert.Same(family, registry.Get("dataset", spec));
        Assert.Equal(test, again);
        Assert.All(test, p => Assert.Equal(Split.Test, p.Split));
        Assert.Equal(" <think>5+1 = 6</think> <answer>6</answer>", family.RenderSolution(test.First(p => p.Prompt.Contains(" 5 ", StringComparison.Ordinal)), SolutionStyle.Steps, SolutionOptions.Default, 1));
        Assert.Equal(" <think></think> <answer>6</answer>", family.RenderSolution(test.First(p => p.Prompt.Contains(" 5 ", StringComparison.Ordinal)), SolutionStyle.Direct, SolutionOptions.Default, 1));
        var verdict = await family.CreateVerifier().VerifyAsync(test[0], family.RenderSolution(test[0], SolutionStyle.Steps, SolutionOptions.Default, 1), default);
        Assert.Equal(Outcome.Correct, verdict.Outcome);
        Assert.Contains("generates its problems", Assert.Throws<InputException>(() => new TaskFamilyRegistry([new ThrowingFamily()]).Get("other", spec)).Message, StringComparison.Ordinal);
    }

    private static string Answer(Problem problem) =>
        ReferenceFields.TryGetString(problem.Reference, "answer", out var answer) ? answer : throw new InvalidOperationException("no answer");

    private sealed class ThrowingFamily : ITaskFamily
    {
        public string Name => "other";

        public IReadOnlyList<int> Difficulties => [1];

        public string Alphabet => "";

        public IEnumerable<Problem> Generate(GenerationRequest request) => throw new NotSupportedException();

        public string RenderSolution(Problem problem, SolutionStyle style, SolutionOptions options, ulong seed) => throw new NotSupportedException();

        public Core.Verification.IVerifier CreateVerifier() => throw new NotSupportedException();
    }
}
