using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Core;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Sampling;
using ReasonRL.Model.Transformer;
using ReasonRL.Model;
using ReasonRL.Training.Rollout;
using ReasonRL.Training.Stages;
using ReasonRL.Verifiers.Arithmetic;

namespace ReasonRL.Cluster.Tests;

/// <summary>The worker's side of a unit: the wire format, published weights and their checks, and the computation itself.</summary>
public sealed class WorkerTests : IDisposable
{
    private static readonly TaskFamilyRegistry Families = new([new ArithmeticFamily()]);
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-worker-").FullName;
    private readonly VerifierRegistry _verifiers = new(Families, []);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static RolloutUnit Unit(Model.Tokenization.TextTokenizer tokenizer, int groups = 3, int groupSize = 4)
    {
        var problems = new ArithmeticFamily().Generate(new GenerationRequest(5, groups, Difficulty: 1)).ToList();
        return new RolloutUnit(
            Step: 2, Round: 0, Index: 1, PolicyVersion: 2, problems, [.. problems.Select(p => PromptBuilder.R1(tokenizer).Ids(p.Prompt))],
            [.. problems.Select((_, g) => Enumerable.Range(0, groupSize).Select(s => SeedMixer.Mix(9, 2, (ulong)g, (ulong)s)).ToArray())]);
    }

    private (TransformerModel Policy, Model.Tokenization.TextTokenizer Tokenizer) Policy()
    {
        var tokenizer = ModelVocabulary.For(Families);
        return (TransformerModel.Create(TransformerConfig.FromPreset(ModelPreset.Tiny, tokenizer.VocabSize, 64), seed: 3), tokenizer);
    }

    private static readonly SamplingOptions Sampling = new() { MaxNewTokens = 12, TopK = 5, StopStrings = ["</answer>"] };

    private RolloutWorkRequest Request(RolloutUnit unit, PublishedWeights weights, string? code = null) => new(
        code ?? CodeIdentity.Of([_verifiers.Get("correctness")]), weights.Folder, weights.Sha256, ModelCompute.Default, Sampling,
        [new RewardTerm("correctness", 1.0)], unit);

    [Fact]
    public void Requests_and_results_cross_the_wire_bit_for_bit()
    {
        var (policy, tokenizer) = Policy();
        using var _ = policy;
        var unit = Unit(tokenizer);
        float[] awkward = [0.1f, -1e-30f, float.Epsilon, MathF.PI, -0f, float.NegativeInfinity, float.MaxValue];
        var result = new RolloutUnitResult(
            1, [new SampledCompletion([4, 5, 6, 7, 8, 9, 10], "7 <answer>", awkward, [.. awkward.Select(f => f * 0.5f)], StopReason.StopString, 12)],
            [new ComposedVerdict(new Verdict(0.1 + 0.2, Outcome.Incorrect, ["flag"], [new StepMark(3, true)], "detail"), ["correctness"], [Verdict.Incorrect("x")])],
            0.25, 1e-7);
        var request = Request(unit, new PublishedWeights(2, "/shared/weights/v000002", "ab12", 100));

        var decodedRequest = RolloutWire.DecodeRequest(RolloutWire.Encode(request));
        var decoded = RolloutWire.DecodeResponse(RolloutWire.Encode(new RolloutWorkResponse("w", result, null))).Result!;

        Assert.Equal(JsonSerializer.Serialize(request), JsonSerializer.Serialize(decodedRequest));
        Assert.Equal(unit.Problems.Select(p => p.Reference.GetRawText()), decodedRequest.Unit.Problems.Select(p => p.Reference.GetRawText()));
        Assert.Equal(unit.Seeds, decodedRequest.Unit.Seeds);
        Assert.Equal(Sampling.StopStrings, decodedRequest.Sampling.StopStrings);
        Assert.Equal(awkward.Select(BitConverter.SingleToInt32Bits), decoded.Completions[0].LogProbs.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(result.Completions[0].UntruncatedLogProbs, decoded.Completions[0].UntruncatedLogProbs);
        Assert.Equal(result.Completions[0].TokenIds, decoded.Completions[0].TokenIds);
        Assert.Equal((StopReason.StopString, 12), (decoded.Completions[0].StopReason, decoded.Completions[0].MaxNewTokens));
        Assert.Equal(0.1 + 0.2, decoded.Verdicts[0].Verdict.Reward);
        Assert.Equal(result.Verdicts[0].Verdict.Steps, decoded.Verdicts[0].Verdict.Steps);
        Assert.Equal((0.25, 1e-7), (decoded.SamplingSeconds, decoded.VerifyingSeconds));
    }

    [Fact]
    public async Task A_worker_computes_from_the_published_weights_exactly_what_the_trainer_computes_in_process()
    {
        var (policy, tokenizer) = Policy();
        using var _ = policy;
        var unit = Unit(tokenizer);
        var rewards = new RewardComposer([new RewardComponent(_verifiers.Get("correctness"), 1.0)]);
        var inProcess = await RolloutUnitComputation.RunAsync(unit, new Sampler(policy, tokenizer), Sampling, rewards, CancellationToken.None);
        var (weights, _) = new WeightsPublisher(_folder).Publish(2, policy, tokenizer);
        using var worker = new RolloutWorkerService(_verifiers, NullLogger<RolloutWorkerService>.Instance);

        var response = RolloutWire.DecodeResponse(RolloutWire.Encode(await worker.RunAsync(RolloutWire.DecodeRequest(RolloutWire.Encode(Request(unit, weights))), CancellationToken.None)));

        Assert.Null(response.Refused);
        var remote = response.Result!;
        Assert.Equal(inProcess.Completions.Select(c => c.TokenIds), remote.Completions.Select(c => c.TokenIds));
        Assert.Equal(inProcess.Completions.Select(c => c.LogProbs), remote.Completions.Select(c => c.LogProbs));
        Assert.Equal(inProcess.Completions.Select(c => c.UntruncatedLogProbs), remote.Completions.Select(c => c.UntruncatedLogProbs));
        Assert.Equal(inProcess.Verdicts.Select(v => (v.Verdict.Reward, v.Verdict.Outcome)), remote.Verdicts.Select(v => (v.Verdict.Reward, v.Verdict.Outcome)));
        Assert.True(inProcess.Completions.Select(c => string.Join(",", c.TokenIds)).Distinct().Count() > 3, "the seeds vary the samples");
    }

    [Fact]
    public async Task A_worker_refuses_a_unit_from_other_code_or_with_other_weights()
    {
        var (policy, tokenizer) = Policy();
        using var _ = policy;
        var unit = Unit(tokenizer, groups: 1);
        var (weights, _) = new WeightsPublisher(_folder).Publish(2, policy, tokenizer);
        using var worker = new RolloutWorkerService(_verifiers, NullLogger<RolloutWorkerService>.Instance);

        var otherCode = await worker.RunAsync(Request(unit, weights, code: "0123456789abcdef"), CancellationToken.None);
        var otherWeights = await worker.RunAsync(Request(unit, weights with { Sha256 = new string('0', 64) }), CancellationToken.None);
        var unknownVerifier = await worker.RunAsync(Request(unit, weights) with { Rewards = [new RewardTerm("astrology", 1)] }, CancellationToken.None);

        Assert.Null(otherCode.Result);
        Assert.Contains("built from other code", otherCode.Refused);
        Assert.Null(otherWeights.Result);
        Assert.Contains("weights SHA-256", otherWeights.Refused);
        Assert.Contains("unknown verifier 'astrology'", unknownVerifier.Refused);
    }

    [Fact]
    public void Each_version_is_published_once_and_the_last_two_are_kept()
    {
        var (policy, tokenizer) = Policy();
        using var _ = policy;
        var publisher = new WeightsPublisher(_folder);

        var (first, firstSeconds) = publisher.Publish(0, policy, tokenizer);
        var (again, againSeconds) = publisher.Publish(0, policy, tokenizer);
        publisher.Publish(1, policy, tokenizer);
        publisher.Publish(2, policy, tokenizer);

        Assert.Same(first, again);
        Assert.True(firstSeconds > 0);
        Assert.Equal(0, againSeconds);
        Assert.Equal(["v000001", "v000002"], Directory.GetDirectories(_folder).Select(Path.GetFileName).Order());
        Assert.Equal(new FileInfo(Path.Combine(_folder, "v000002", "model.safetensors")).Length, publisher.Latest!.Bytes);
    }

    [Fact]
    public void A_replica_loads_a_version_once_and_refuses_a_file_that_is_not_the_named_one()
    {
        var (policy, tokenizer) = Policy();
        using var _ = policy;
        var (weights, _) = new WeightsPublisher(_folder).Publish(0, policy, tokenizer);
        using var replica = new PolicyReplica();

        var loaded = replica.For(weights.Folder, weights.Sha256, ModelCompute.Default);
        Assert.Same(loaded, replica.For(weights.Folder, weights.Sha256, ModelCompute.Default));

        File.AppendAllText(Path.Combine(weights.Folder, "model.safetensors"), " ");
        var error = Assert.Throws<InputException>(() => replica.For(weights.Folder, "ffff", ModelCompute.Default));
        Assert.Contains("but the unit's policy version has ffff", error.Message);
    }
}
