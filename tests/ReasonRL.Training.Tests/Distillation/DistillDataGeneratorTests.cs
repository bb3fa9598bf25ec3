using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using ReasonRL.Core.Distillation;
using ReasonRL.Core.Json;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;
using ReasonRL.Core.Verification;
using ReasonRL.Core;
using ReasonRL.Model.Prompts;
using ReasonRL.Training.Distillation;
using ReasonRL.Training.Tests.Corpus;

namespace ReasonRL.Training.Tests.Distillation;

public sealed class DistillDataGeneratorTests : IDisposable
{
    private static readonly TaskFamilyRegistry Families = new([new AdditionFamily()]);
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-distill-data-").FullName;
    private readonly string _teacher;
    private readonly IReadOnlyList<Problem> _problems;

    public DistillDataGeneratorTests()
    {
        _teacher = TinyTeacher.Save(Path.Combine(_folder, "teacher"), Families);
        _problems = [.. new AdditionFamily().Generate(new GenerationRequest(5, 20, null, Split.Train)).DistinctBy(p => p.Id).Take(6)];
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Single-token completions: a random model starts with a digit about a quarter of the time, and often repeats one.</summary>
    private DistillDataRequest Request(string name, KeepRule keep = KeepRule.AllCorrect, int samples = 32) => new()
    {
        Teacher = _teacher,
        Problems = _problems,
        Samples = samples,
        Keep = keep,
        MaxNewTokens = 1,
        Seed = 11,
        Out = Path.Combine(_folder, name),
    };

    private static Task<DistillDataResult> Generate(DistillDataRequest request, IVerifier? verifier = null, CancellationToken cancellationToken = default) =>
        new DistillDataGenerator(Families, verifier ?? new DigitVerifier(), NullLogger.Instance).RunAsync(request, cancellationToken);

    private static List<JsonlLine> Lines(string path) => [.. Jsonl.Read(path)];

    [Fact]
    public async Task Records_carry_the_templated_prompt_and_their_provenance()
    {
        var result = await Generate(Request("all.jsonl"));

        var records = Lines(result.Dataset);
        Assert.NotEmpty(records);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(_teacher, "model.safetensors"))));
        foreach (var record in records)
        {
            var problem = _problems.Single(p => p.Id == record.RequireString("id"));
            Assert.Equal(R1Template.Prompt(problem.Prompt), record.RequireString("prompt"));
            Assert.Equal(DigitVerifier.RewardOf(record.RequireString("completion")), record.RequireDouble("reward"), 12);
            Assert.Equal(_teacher, record.RequireString("teacher"));
            Assert.Equal(sha256, record.RequireString("teacher_sha256"));
            var sampling = record.Require("sampling");
            Assert.Equal(1.0, sampling.GetProperty("temperature").GetDouble());
            Assert.Equal(1.0, sampling.GetProperty("top_p").GetDouble());
            Assert.Equal(0, sampling.GetProperty("top_k").GetInt32());
            Assert.Equal(1, sampling.GetProperty("max_new_tokens").GetInt32());
            Assert.Equal(11UL, sampling.GetProperty("seed").GetUInt64());
        }

        Assert.Equal(records.Count, result.Statistics.Kept);
        Assert.True(File.Exists(result.StatsFile));
        Assert.False(Directory.Exists(GenerationParts.FolderFor(result.Dataset)));
    }

    [Fact]
    public async Task All_correct_keeps_each_distinct_correct_completion_once()
    {
        var result = await Generate(Request("all.jsonl"));

        var records = Lines(result.Dataset);
        var problems = Lines(result.ProblemsFile).Select(SampledProblem.Read).ToList();
        Assert.Equal(_problems.Select(p => p.Id), problems.Select(p => p.Id));
        Assert.True(problems.Sum(p => p.DuplicatesRemoved) > 0, "the test needs some duplicates to remove");
        foreach (var problem in problems)
        {
            var kept = records.Where(r => r.RequireString("id") == problem.Id).Select(r => r.RequireString("completion")).ToList();
            Assert.Equal(problem.Correct, kept.Count + problem.DuplicatesRemoved);
            Assert.Equal(kept.Count, problem.KeptSamples.Count);
            Assert.Equal(kept.Count, kept.Select(CompletionSelection.NormalizeWhitespace).Distinct().Count());
            Assert.All(kept, completion => Assert.True(DigitVerifier.RewardOf(completion) > 0));
        }
    }

    [Fact]
    public async Task Best_of_n_and_first_correct_choose_from_the_same_samples_as_all_correct()
    {
        var all = Lines((await Generate(Request("all.jsonl"))).ProblemsFile).Select(SampledProblem.Read).ToList();
        var bestResult = await Generate(Request("best.jsonl", KeepRule.BestOfN));
        var best = Lines(bestResult.Dataset);
        var first = Lines((await Generate(Request("first.jsonl", KeepRule.FirstCorrect))).ProblemsFile).Select(SampledProblem.Read).ToList();
        var allRecords = Lines(Path.Combine(_folder, "all.jsonl"));

        foreach (var problem in all)
        {
            var bestRecords = best.Where(r => r.RequireString("id") == problem.Id).ToList();
            Assert.Equal(problem.Correct > 0 ? 1 : 0, bestRecords.Count);
            var correctRewards = allRecords.Where(r => r.RequireString("id") == problem.Id).Select(r => r.RequireDouble("reward")).ToList();
            Assert.All(bestRecords, r => Assert.Equal(correctRewards.Max(), r.RequireDouble("reward")));
            Assert.Equal(problem.KeptSamples.Take(1), first.Single(p => p.Id == problem.Id).KeptSamples);
        }
    }

    [Fact]
    public async Task An_interrupted_generation_resumes_without_losing_or_repeating_a_problem()
    {
        // 128 samples a problem: two problems a chunk, three chunks; the cancel comes during the second chunk.
        var uninterrupted = await Generate(Request("whole.jsonl", samples: 128));
        var request = Request("resumed.jsonl", samples: 128);
        using var cancellation = new CancellationTokenSource();
        var cancelling = new CancelAtCallVerifier(new DigitVerifier(), (2 * 128) + 5, cancellation);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Generate(request, cancelling, cancellation.Token));

        var parts = GenerationParts.FolderFor(request.Out);
        Assert.False(File.Exists(request.Out));
        Assert.Single(Directory.GetFiles(parts, "chunk-*.jsonl"));
        File.WriteAllText(Path.Combine(parts, ".chunk-000001.jsonl.999.torn.tmp"), "{\"problem\": {\"id\""); // a write killed half-way

        var resumed = await Generate(request with { Resume = true });

        Assert.Equal(File.ReadAllText(uninterrupted.Dataset), File.ReadAllText(resumed.Dataset));
        Assert.Equal(File.ReadAllText(uninterrupted.ProblemsFile), File.ReadAllText(resumed.ProblemsFile));
        Assert.Equal(_problems.Count, Lines(resumed.ProblemsFile).Count);
        Assert.False(Directory.Exists(parts));
    }

    [Fact]
    public async Task Progress_counts_problems_after_each_chunk()
    {
        // 128 samples a problem: two problems a chunk.
        var reports = new List<WorkProgress>();
        var request = Request("progress.jsonl", samples: 128);

        await new DistillDataGenerator(Families, new DigitVerifier(), NullLogger.Instance)
            .RunAsync(request, CancellationToken.None, new SynchronousProgress(reports.Add));

        Assert.Equal([new(0, 6), new(2, 6), new(4, 6), new(6, 6)], reports);
    }

    [Fact]
    public async Task Leftover_chunks_need_resume_and_the_same_settings()
    {
        var request = Request("left.jsonl", samples: 128);
        using var cancellation = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Generate(request, new CancelAtCallVerifier(new DigitVerifier(), (2 * 128) + 5, cancellation), cancellation.Token));

        var fresh = await Assert.ThrowsAsync<InputException>(() => Generate(request));
        var changed = await Assert.ThrowsAsync<InputException>(() => Generate(request with { Resume = true, Keep = KeepRule.BestOfN }));
        var otherTemplate = await Assert.ThrowsAsync<InputException>(() => Generate(request with { Resume = true, Prompts = new PromptFormat(PromptTemplate.Raw) }));

        Assert.Contains("--resume", fresh.Message, StringComparison.Ordinal);
        Assert.Contains("other settings", changed.Message, StringComparison.Ordinal);
        Assert.Contains("other settings", otherTemplate.Message, StringComparison.Ordinal);
        Assert.Contains("\"prompt_template\":\"raw\"", otherTemplate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Records_carry_the_prompt_in_the_template_the_teacher_was_shown()
    {
        var result = await Generate(Request("raw.jsonl") with { Prompts = new PromptFormat(PromptTemplate.Raw) });

        var records = Lines(result.Dataset);
        Assert.NotEmpty(records);
        Assert.All(records, record => Assert.Equal(_problems.Single(p => p.Id == record.RequireString("id")).Prompt, record.RequireString("prompt")));
    }

    [Fact]
    public async Task Duplicate_problem_ids_are_refused()
    {
        var error = await Assert.ThrowsAsync<InputException>(() => Generate(Request("dup.jsonl") with { Problems = [_problems[0], _problems[0]] }));

        Assert.Contains($"'{_problems[0].Id}' appears twice", error.Message, StringComparison.Ordinal);
    }

    private sealed class SynchronousProgress(Action<WorkProgress> report) : IProgress<WorkProgress>
    {
        public void Report(WorkProgress value) => report(value);
    }
}
