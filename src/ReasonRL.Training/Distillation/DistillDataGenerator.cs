using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ReasonRL.Core.Distillation;
using ReasonRL.Core.Evaluation;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Core;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Sampling;
using ReasonRL.Training.Evaluation;
using ReasonRL.Training.Supervised;

namespace ReasonRL.Training.Distillation;

/// <summary>
/// Builds a distillation dataset from a teacher (rejection sampling, as DeepSeek-R1 §2.3.3 builds its SFT data):
/// for each problem, in order, sample N completions → verify them with the <c>correctness</c> verifier → keep by
/// rule, dropping duplicates → write. Problems go in chunks of one sampler batch; each finished chunk is written
/// atomically to <see cref="GenerationParts"/>, so memory stays bounded and a killed run resumes where it stopped
/// without losing or repeating a problem. At the end the chunks become the dataset (TRL prompt/completion JSONL with
/// provenance), <c>&lt;out&gt;.problems.jsonl</c> (what the teacher did on every problem) and <c>&lt;out&gt;.stats.json</c>.
/// </summary>
/// <remarks>Sample s of problem p is seeded by (seed, p's id, s): the same problem gets the same samples in any order, chunking or resume.</remarks>
public sealed class DistillDataGenerator(TaskFamilyRegistry families, IVerifier verifier, ILogger logger)
{
    /// <param name="progress">Problems done of all the request's problems (those done before a resume included), after each chunk.</param>
    public async Task<DistillDataResult> RunAsync(DistillDataRequest request, CancellationToken cancellationToken, IProgress<WorkProgress>? progress = null)
    {
        if (request.SettingErrors().ToList() is { Count: > 0 } errors)
        {
            throw new InputException(string.Join("; ", errors));
        }

        var problemsPath = ProblemsPathFor(request.Out);
        var statsPath = StatsPathFor(request.Out);
        if (request.Resume && !Directory.Exists(GenerationParts.FolderFor(request.Out)) && File.Exists(request.Out) && File.Exists(problemsPath))
        {
            logger.LogInformation("{Dataset} is complete; nothing to resume", request.Out);
            return Finish(request.Out, problemsPath, statsPath);
        }

        CheckProblems(request.Problems);
        var teacherSha256 = TeacherFingerprint.Of(request.Teacher);
        using var teacher = Checkpoint.Load(request.Teacher, request.Compute);
        var provenance = request.Provenance;
        var prompts = PromptBuilder.For(teacher.Tokenizer, request.Prompts ?? PromptFormat.Read(request.Teacher), request.Teacher);
        var identity = new GenerationIdentity(teacherSha256, request.Samples, request.Keep, provenance, prompts.Format.Name, prompts.Format.SystemPrompt);
        var parts = GenerationParts.Open(request.Out, identity, request.Resume);
        var done = parts.DoneIds();
        var remaining = request.Problems.Where(p => !done.Contains(p.Id)).ToList();
        var promptIds = remaining.ToDictionary(p => p.Id, p => prompts.Ids(p.Prompt), StringComparer.Ordinal);
        foreach (var (id, prompt) in promptIds.Where(kv => kv.Value.Length >= teacher.Config.ContextLength))
        {
            throw new InputException($"problem '{id}': its templated prompt is {prompt.Length} tokens, more than the teacher's context of {teacher.Config.ContextLength} leaves room for");
        }

        if (done.Count > 0)
        {
            logger.LogInformation("Resuming: {Done} of {Total} problems already done in {Parts}", done.Count, request.Problems.Count, parts.Folder);
        }

        progress?.Report(new WorkProgress(done.Count, request.Problems.Count));

        var options = new SamplingOptions
        {
            Temperature = request.Temperature,
            TopP = request.TopP,
            TopK = request.TopK,
            MaxNewTokens = request.MaxNewTokens,
            StopStrings = HeldOutEvaluation.StopStrings,
        };
        var sampler = new Sampler(teacher.Model, teacher.Tokenizer);
        var problemsPerChunk = Math.Max(1, OnlineEvaluator.BatchRows / request.Samples);
        var clock = Stopwatch.StartNew();
        var (processed, sampled, correct, kept) = (0, 0L, 0L, 0L);
        foreach (var chunk in remaining.Chunk(problemsPerChunk))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var requests = chunk.SelectMany(p => Enumerable.Range(0, request.Samples).Select(s =>
                new SampleRequest(promptIds[p.Id], SeedMixer.Mix(SeedMixer.Mix(request.Seed, p.Id), (ulong)s)))).ToList();
            var completions = new List<SampledCompletion>(requests.Count);
            foreach (var batch in requests.Chunk(OnlineEvaluator.BatchRows))
            {
                completions.AddRange(sampler.Generate(batch, options, cancellationToken));
            }

            var verdicts = await VerifyAsync(chunk, request.Samples, completions, cancellationToken).ConfigureAwait(false);
            var lines = chunk.Select((problem, i) => Select(
                problem, prompts.Text(problem.Prompt), promptIds[problem.Id].Length, completions.Skip(i * request.Samples).Take(request.Samples).ToList(),
                verdicts.Skip(i * request.Samples).Take(request.Samples).ToList(), request, teacherSha256)).ToList();
            parts.Write(lines);

            processed += chunk.Length;
            sampled += completions.Count;
            correct += lines.Sum(l => l.Problem.Correct);
            kept += lines.Sum(l => l.Records.Count);
            progress?.Report(new WorkProgress(done.Count + processed, request.Problems.Count));
            var eta = TimeSpan.FromSeconds((remaining.Count - processed) * clock.Elapsed.TotalSeconds / processed);
            logger.LogInformation(
                "Distillation data: {Done}/{Total} problems, {Kept} kept, {Acceptance:P1} of samples correct, {Rate:F1} samples/s, ETA {Eta}",
                done.Count + processed, request.Problems.Count, kept, (double)correct / sampled, sampled / clock.Elapsed.TotalSeconds, Eta.Format(eta));
        }

        parts.Assemble(request.Out, problemsPath);
        return Finish(request.Out, problemsPath, statsPath);
    }

    /// <summary><c>&lt;out&gt;.problems.jsonl</c>: one <see cref="SampledProblem"/> a line.</summary>
    public static string ProblemsPathFor(string dataset) => dataset + ".problems.jsonl";

    /// <summary><c>&lt;out&gt;.stats.json</c>.</summary>
    public static string StatsPathFor(string dataset) => dataset + ".stats.json";

    private static DistillDataResult Finish(string dataset, string problemsPath, string statsPath)
    {
        var statistics = DatasetStatistics.Compute(dataset, problemsPath);
        statistics.Write(statsPath);
        return new DistillDataResult(dataset, problemsPath, statsPath, statistics);
    }

    private void CheckProblems(IReadOnlyList<Problem> problems)
    {
        if (problems.Count == 0)
        {
            throw new InputException("no problems to sample from");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var problem in problems)
        {
            if (!seen.Add(problem.Id))
            {
                throw new InputException($"problem id '{problem.Id}' appears twice; a dataset is resumed by problem id, so ids must be unique");
            }

            if (!families.Contains(problem.Family))
            {
                throw new InputException($"problem '{problem.Id}' is of family '{problem.Family}', which no verifier knows; known families: {string.Join(", ", families.Names)}");
            }
        }
    }

    private async Task<Verdict[]> VerifyAsync(Problem[] chunk, int samples, List<SampledCompletion> completions, CancellationToken cancellationToken)
    {
        var verdicts = new Verdict[completions.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = verifier.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, completions.Count, parallel, async (i, token) =>
            verdicts[i] = await verifier.VerifyAsync(chunk[i / samples], completions[i].Text, token).ConfigureAwait(false)).ConfigureAwait(false);
        return verdicts;
    }

    /// <summary>One problem's samples and verdicts → its tally and the records its keep rule keeps.</summary>
    private (SampledProblem Problem, IReadOnlyList<DistillRecord> Records) Select(
        Problem problem, string prompt, int promptTokens, IReadOnlyList<SampledCompletion> completions, IReadOnlyList<Verdict> verdicts,
        DistillDataRequest request, string teacherSha256)
    {
        var candidates = completions.Select((c, s) => new Candidate(s, c.Text, verdicts[s].Reward, verdicts[s].IsCorrect)).ToList();
        var selection = CompletionSelection.Select(candidates, request.Keep);
        var records = selection.Kept
            .Select(c => new DistillRecord(prompt, c.Text, problem.Id, c.Reward, request.Teacher, teacherSha256, request.Provenance))
            .ToList();
        var tally = new SampledProblem(
            problem.Id,
            problem.Family,
            problem.Difficulty,
            completions.Count,
            candidates.Count(c => c.Correct),
            selection.DuplicatesRemoved,
            completions.Sum(c => (long)promptTokens + c.TokenIds.Length),
            [.. completions.Select(c => VoteAnswer.Of(families, problem.Family, c.Text))],
            [.. selection.Kept.Select(c => c.Sample)]);
        return (tally, records);
    }
}
