using System.Text.Json.Nodes;
using ReasonRL.Core.Evaluation;
using ReasonRL.Core.Json;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;
using ReasonRL.Core.Verification;
using ReasonRL.Core;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Sampling;
using ReasonRL.Model.Transformer;

namespace ReasonRL.Training.Evaluation;

/// <summary>One sampled and verified completion of an evaluation.</summary>
public sealed record ScoredCompletion(Problem Problem, int Sample, SampledCompletion Sampled, Verdict Verdict)
{
    /// <summary>The record <c>reasonrl verify</c> would write: the problem, <c>completion</c>, and <c>verdict</c>.</summary>
    public string ToJsonLine()
    {
        var node = JsonNode.Parse(ProblemJson.Line(Problem, Sampled.Text))!.AsObject();
        node["verdict"] = JsonNode.Parse(Jsonl.Line(Verdict));
        return node.ToJsonString(RecordJson.Options);
    }
}

/// <summary>The outcome of an online evaluation: the report (pass@1, pass@k, maj@k, … by family and difficulty) and every scored completion.</summary>
public sealed record EvaluationRun(EvaluationReport Report, IReadOnlyList<ScoredCompletion> Completions)
{
    /// <summary>Mean completion length in tokens.</summary>
    public double MeanTokens => Completions.Count == 0 ? 0 : Completions.Average(c => c.Sampled.TokenIds.Length);
}

/// <summary>
/// Samples K completions per problem from a model, verifies them, and reports pass@1, pass@k, maj@k, mean length
/// and reflection rate by family and difficulty — the online counterpart of <c>reasonrl eval --input</c>, whose
/// numbers its scored completions reproduce. Sample s of problem i is seeded by (seed, i, s).
/// </summary>
public sealed class OnlineEvaluator(TaskFamilyRegistry families, IVerifier verifier, ReflectionDetector reflection)
{
    /// <summary>Rows sampled together: large enough to keep the matmuls efficient, small enough to bound memory.</summary>
    public const int BatchRows = 256;

    public async Task<EvaluationRun> RunAsync(
        TransformerModel model, PromptBuilder prompts, IReadOnlyList<Problem> problems, int samples, SamplingOptions options, ulong seed,
        CancellationToken cancellationToken, IProgress<WorkProgress>? progress = null)
    {
        var requests = new List<(Problem Problem, int Sample, SampleRequest Request)>(problems.Count * samples);
        for (var i = 0; i < problems.Count; i++)
        {
            var promptIds = prompts.Ids(problems[i].Prompt);
            for (var s = 0; s < samples; s++)
            {
                requests.Add((problems[i], s, new SampleRequest(promptIds, SeedMixer.Mix(seed, (ulong)i, (ulong)s))));
            }
        }

        var sampler = new Sampler(model, prompts.Tokenizer);
        var sampled = new List<SampledCompletion>(requests.Count);
        foreach (var chunk in requests.Chunk(BatchRows))
        {
            sampled.AddRange(sampler.Generate([.. chunk.Select(r => r.Request)], options, cancellationToken));
            progress?.Report(new WorkProgress(sampled.Count, requests.Count));
        }

        var verdicts = new Verdict[requests.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = verifier.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, requests.Count, parallel, async (i, token) =>
            verdicts[i] = await verifier.VerifyAsync(requests[i].Problem, sampled[i].Text, token).ConfigureAwait(false)).ConfigureAwait(false);

        var completions = requests.Select((r, i) => new ScoredCompletion(r.Problem, r.Sample, sampled[i], verdicts[i])).ToList();
        return new EvaluationRun(Report(completions, samples), completions);
    }

    /// <summary>The report of scored completions with maj@k over each problem's first <paramref name="k"/> samples.</summary>
    public EvaluationReport Report(IReadOnlyList<ScoredCompletion> completions, int k)
    {
        var tallies = new Dictionary<string, ProblemTally>(StringComparer.Ordinal);
        var order = new List<ProblemTally>();
        foreach (var completion in completions)
        {
            var problem = completion.Problem;
            if (!tallies.TryGetValue(problem.Id, out var tally))
            {
                tallies[problem.Id] = tally = new ProblemTally(problem.Id, problem.Family, problem.Difficulty, k);
                order.Add(tally);
            }

            var text = completion.Sampled.Text;
            tally.Add(
                completion.Verdict.IsCorrect,
                VoteAnswer.Of(families, problem.Family, text),
                text.Length,
                reflection.IsReflective(text),
                completion.Verdict.Outcome == Outcome.Error);
        }

        return EvaluationReport.Of(order, k);
    }
}
