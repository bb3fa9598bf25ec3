using Microsoft.Extensions.Logging.Abstractions;
using ReasonRL.Cluster.Benchmarks;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Model;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Stages;
using ReasonRL.Verifiers.Arithmetic;

namespace ReasonRL.Cluster.Tests;

/// <summary>
/// <c>bench --cluster-projection</c>'s measurement on a tiny model: every part is measured through the real mechanism
/// (a worker silo started in the test's process), and what it reports is consistent with what it moved.
/// </summary>
public sealed class ClusterCostBenchTests : IDisposable
{
    private static readonly TaskFamilyRegistry Families = new([new ArithmeticFamily()]);
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-cluster-bench-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Measures_every_part_of_a_step_through_a_worker_silo_and_the_publisher()
    {
        var tokenizer = ModelVocabulary.For(Families);
        var checkpoint = Path.Combine(_folder, "policy");
        using (var model = TransformerModel.Create(TransformerConfig.FromPreset(ModelPreset.Tiny, tokenizer.VocabSize, 64), seed: 3))
        {
            Checkpoint.Save(checkpoint, model, tokenizer);
        }

        using var policy = Checkpoint.Load(checkpoint, ModelCompute.Default);
        var problems = new ArithmeticFamily().Generate(new GenerationRequest(5, 3, Difficulty: 1)).ToList();
        var stage = new GrpoStage
        {
            PromptsPerStep = 3, GroupSize = 2, MinibatchSize = 6, Sampling = new SamplingSection { MaxNewTokens = 6 }, Rollout = new RolloutSection { Partitions = 2 },
        };
        var workload = new ClusterBenchWorkload("tiny", policy, problems, [.. problems.Select(p => PromptBuilder.R1(tokenizer).Ids(p.Prompt))], stage);
        var verifiers = new VerifierRegistry(Families, [new FormatVerifier()]);

        var costs = await ClusterCostBench.MeasureAsync(workload, verifiers, NullLoggerFactory.Instance, Path.Combine(_folder, "bench"), _ => { }, CancellationToken.None);

        Assert.Equal((3, 2, 6, 2), (costs.Prompts, costs.GroupSize, costs.MaxNewTokens, costs.Units)); // 3 groups in units of 2 and 1
        Assert.Equal(policy.Model.parameters().Sum(p => p.numel()), costs.Parameters);
        Assert.Equal(new FileInfo(Path.Combine(_folder, "bench", "published", "v000001", Checkpoint.WeightsFile)).Length, costs.WeightsBytes);
        Assert.InRange(costs.CompletionTokens, 1, 6);
        Assert.True(costs.BytesSent > 0 && costs.BytesReceived > 0, $"{costs.BytesSent} B out, {costs.BytesReceived} B back");
        foreach (var (name, seconds) in new[]
        {
            ("unit", costs.UnitSeconds), ("publish", costs.PublishSeconds), ("load", costs.LoadSeconds), ("scoring", costs.Trainer.ScoringSeconds),
            ("update", costs.Trainer.UpdateSeconds), ("snapshot", costs.Trainer.SnapshotSeconds), ("first unit's overhead", costs.FirstUnitOverheadSeconds),
        })
        {
            Assert.True(seconds > 0 && seconds < 60, $"{name}: {seconds} s");
        }

        Assert.InRange(costs.UnitOverheadSeconds, 0, 60);
        // The projection's inputs: the synchronous trainer part is the reference pass and the update; off-policy adds a pass and the snapshot.
        Assert.Equal(costs.Trainer.ScoringSeconds + costs.Trainer.UpdateSeconds, costs.StepCosts.TrainerSeconds);
        Assert.Equal((costs.Trainer.ScoringSeconds, costs.Trainer.SnapshotSeconds), (costs.StepCosts.RecomputeSeconds, costs.StepCosts.SnapshotSeconds));
    }
}
