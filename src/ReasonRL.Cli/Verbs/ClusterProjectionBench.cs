using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ReasonRL.Cluster.Benchmarks;
using ReasonRL.Core;
using ReasonRL.Core.ScaleOut;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Model;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Benchmarks;
using ReasonRL.Training.Problems;
using ReasonRL.Training.Recipes;

namespace ReasonRL.Cli.Verbs;

/// <summary>
/// <c>reasonrl bench --cluster-projection</c>: measures the components of a GRPO step with cluster rollout workers
/// (<see cref="ClusterCostBench"/>) for two workloads in one process, then projects steps per second against the number
/// of workers, synchronous and with <c>max_staleness: 1</c> (<see cref="ThroughputProjection"/>).
/// <list type="bullet">
/// <item><c>small</c>: grpo-smoke's step from <c>data/checkpoints/base-arith-small</c> (16 digit-chain problems × 8, up
/// to 96 new tokens, 2 units, minibatch 64, β = 0.04);</item>
/// <item><c>smollm2-135m</c>: SmolLM2-135M's shape with random weights, shortened to 2 problems × 4 completions of 32
/// new tokens (a character-level tokenizer, so prompts are ~one token per character; 2 units, minibatch 8).</item>
/// </list>
/// </summary>
internal static class ClusterProjectionBench
{
    public const string SmallCheckpoint = "data/checkpoints/base-arith-small";

    public static readonly int[] Workers = [1, 2, 4, 8, 16];

    public static async Task<IReadOnlyList<ClusterCosts>> MeasureAsync(
        bool quick, TaskFamilyRegistry families, VerifierRegistry verifiers, ILoggerFactory loggers, Action<string> progress, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(SmallCheckpoint))
        {
            throw new InputException($"{SmallCheckpoint}: no such checkpoint folder (run from the repository root)");
        }

        var folder = Directory.CreateTempSubdirectory("reasonrl-cluster-bench-").FullName;
        try
        {
            var costs = new List<ClusterCosts>();
            var compute = new ModelCompute();
            using (var small = Checkpoint.Load(SmallCheckpoint, compute))
            {
                var stage = Stage(prompts: quick ? 2 : 16, groupSize: quick ? 2 : 8, maxNewTokens: quick ? 8 : 96, minibatch: quick ? 4 : 64);
                var prompts = PromptBuilder.For(small.Tokenizer, PromptFormat.R1, SmallCheckpoint);
                var problems = Problems(families, stage.PromptsPerStep);
                var workload = new ClusterBenchWorkload("small", small, problems, [.. problems.Select(p => prompts.Ids(p.Prompt))], stage);
                costs.Add(await ClusterCostBench.MeasureAsync(workload, verifiers, loggers, Path.Combine(folder, "small"), progress, cancellationToken).ConfigureAwait(false));
            }

            if (!quick)
            {
                var shape = Path.Combine(folder, "smollm2-135m-checkpoint");
                progress($"smollm2-135m: writing a random-weight checkpoint to {shape}");
                var tokenizer = CharacterTokenizer();
                using (var random = TransformerModel.Create(RealShapes.All["smollm2-135m"], seed: 1, compute))
                {
                    Checkpoint.Save(shape, random, tokenizer);
                }

                using var smol = Checkpoint.Load(shape, compute);
                var stage = Stage(prompts: 2, groupSize: 4, maxNewTokens: 32, minibatch: 8);
                var problems = Problems(families, stage.PromptsPerStep);
                var prompts = PromptBuilder.For(smol.Tokenizer, PromptFormat.R1, shape);
                var workload = new ClusterBenchWorkload("smollm2-135m", smol, problems, [.. problems.Select(p => prompts.Ids(p.Prompt))], stage);
                costs.Add(await ClusterCostBench.MeasureAsync(workload, verifiers, loggers, Path.Combine(folder, "smollm2"), progress, cancellationToken).ConfigureAwait(false));
            }

            return costs;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static JsonNode Json(IReadOnlyList<ClusterCosts> costs) => new JsonArray([.. costs.Select(c => (JsonNode)new JsonObject
    {
        ["model"] = c.Name,
        ["parameters"] = c.Parameters,
        ["prompts"] = c.Prompts,
        ["group_size"] = c.GroupSize,
        ["max_new_tokens"] = c.MaxNewTokens,
        ["units"] = c.Units,
        ["completion_tokens_mean"] = Math.Round(c.CompletionTokens, 1),
        ["unit_seconds"] = Math.Round(c.UnitSeconds, 4),
        ["first_unit_overhead_seconds"] = Math.Round(c.FirstUnitOverheadSeconds, 4),
        ["unit_overhead_seconds"] = Math.Round(c.UnitOverheadSeconds, 4),
        ["publish_seconds"] = Math.Round(c.PublishSeconds, 4),
        ["weights_bytes"] = c.WeightsBytes,
        ["load_seconds"] = Math.Round(c.LoadSeconds, 4),
        ["bytes_sent"] = c.BytesSent,
        ["bytes_received"] = c.BytesReceived,
        ["scoring_seconds"] = Math.Round(c.Trainer.ScoringSeconds, 4),
        ["update_seconds"] = Math.Round(c.Trainer.UpdateSeconds, 4),
        ["snapshot_seconds"] = Math.Round(c.Trainer.SnapshotSeconds, 4),
        ["local_steps_per_s"] = Math.Round(ThroughputProjection.Local(c.StepCosts).StepsPerSecond, 5),
        ["projection"] = new JsonArray([.. Workers.Select(w => (JsonNode)new JsonObject
        {
            ["workers"] = w,
            ["synchronous_steps_per_s"] = Math.Round(ThroughputProjection.Step(c.StepCosts, w, 0).StepsPerSecond, 5),
            ["staleness_1_steps_per_s"] = Math.Round(ThroughputProjection.Step(c.StepCosts, w, 1).StepsPerSecond, 5),
        })]),
    })]);

    public static string Table(IReadOnlyList<ClusterCosts> costs)
    {
        var lines = new List<string> { "measured components (one process; worker, trainer and publication share this machine's cores):" };
        foreach (var c in costs)
        {
            lines.Add(
                $"{c.Name}: {c.Parameters / 1e6:F2}M parameters; {c.Prompts} prompts x {c.GroupSize}, <= {c.MaxNewTokens} new tokens (mean {c.CompletionTokens:F1}), {c.Units} units");
            lines.Add(
                $"  unit (sample + verify) {c.UnitSeconds:F3} s; overhead per unit {1000 * c.UnitOverheadSeconds:F1} ms (first unit of a fresh worker {c.FirstUnitOverheadSeconds:F2} s); " +
                $"units out {c.BytesSent:N0} B, results back {c.BytesReceived:N0} B per step");
            lines.Add(
                $"  weights {c.WeightsBytes:N0} B: published in {c.PublishSeconds:F3} s, loaded by a worker in {c.LoadSeconds:F3} s; " +
                $"trainer: scoring pass {c.Trainer.ScoringSeconds:F3} s, update {c.Trainer.UpdateSeconds:F3} s, snapshot {c.Trainer.SnapshotSeconds:F3} s");
        }

        lines.Add("");
        lines.Add("projected steps/s (ThroughputProjection: workers and trainer on machines of their own; steady state):");
        lines.Add($"{"model",-14} {"mode",-12} {"local",9} " + string.Join(" ", Workers.Select(w => $"{"W=" + w.ToString(CultureInfo.InvariantCulture),9}")));
        foreach (var c in costs)
        {
            var local = ThroughputProjection.Local(c.StepCosts).StepsPerSecond;
            lines.Add($"{c.Name,-14} {"synchronous",-12} {Format(local),9} " + string.Join(" ", Workers.Select(w => $"{Format(ThroughputProjection.Step(c.StepCosts, w, 0).StepsPerSecond),9}")));
            lines.Add($"{c.Name,-14} {"staleness 1",-12} {"",9} " + string.Join(" ", Workers.Select(w => $"{Format(ThroughputProjection.Step(c.StepCosts, w, 1).StepsPerSecond),9}")));
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string Format(double stepsPerSecond) => stepsPerSecond.ToString(stepsPerSecond >= 0.1 ? "F3" : "G3", CultureInfo.InvariantCulture);

    /// <summary>grpo-smoke's settings at a given size: β = 0.04, learning rate 1e-4, 2 units.</summary>
    private static GrpoStage Stage(int prompts, int groupSize, int maxNewTokens, int minibatch) => new()
    {
        PromptsPerStep = prompts,
        GroupSize = groupSize,
        MinibatchSize = minibatch,
        KlBeta = 0.04,
        Sampling = new SamplingSection { MaxNewTokens = maxNewTokens },
        Optimizer = new OptimizerSection { LearningRate = 1e-4 },
        Rollout = new RolloutSection { Partitions = 2 },
    };

    /// <summary>grpo-smoke's problems: step 0 of one- and two-digit chains, seed 1.</summary>
    private static List<Core.Records.Problem> Problems(TaskFamilyRegistry families, int count)
    {
        var source = new ProblemSource(new ProblemsSection { Families = [new FamilyMix { Family = "digits", Difficulties = [1, 2] }] }, families);
        return [.. Enumerable.Range(0, count).Select(slot => source.Training(1, 0, slot, count))];
    }

    /// <summary>Newline and printable ASCII (so the problems' prompts encode) and more characters up to 4,096 ids, as <c>bench --shape</c> uses.</summary>
    private static TextTokenizer CharacterTokenizer() => TextTokenizer.CharacterLevel(
    [
        "\n" + string.Concat(Enumerable.Range(0x20, 0x7F - 0x20).Select(i => (char)i)),
        string.Concat(Enumerable.Range(0x100, 4096 - 4 - (0x7F - 0x20)).Select(i => (char)i)),
    ]);
}
