using Microsoft.Extensions.Logging.Abstractions;
using ReasonRL.Core.Records;
using ReasonRL.Core.Rl;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;
using ReasonRL.Core.Verification;
using ReasonRL.Model;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Checkpoints;
using ReasonRL.Training.Grpo;
using ReasonRL.Training.Losses;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Problems;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Stages;
using ReasonRL.Training.Tests.Corpus;

namespace ReasonRL.Training.Tests.Grpo;

/// <summary>Rewards a completion whose first character is '7': learnable from scratch by policy gradient alone.</summary>
internal sealed class StartsWithSevenVerifier : IVerifier
{
    public string Name => "starts_with_seven";

    public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken) =>
        ValueTask.FromResult(completion.StartsWith('7') ? Verdict.Correct() : Verdict.Incorrect());
}

public sealed class GrpoSmokeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-grpo-").FullName;
    private static readonly TaskFamilyRegistry Families = new([new AdditionFamily()]);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    internal static GrpoSetup Setup(string folder, GrpoStage settings, ulong seed = 1)
    {
        var tokenizer = ModelVocabulary.For(Families);
        var config = TransformerConfig.FromPreset(ModelPreset.Tiny, tokenizer.VocabSize, 48);
        var policy = TransformerModel.Create(config, seed: 7);
        TransformerModel? reference = null;
        if (settings.UsesReference)
        {
            // Held in the inference dtype, as the stage runner loads it.
            reference = TransformerModel.Create(config, seed: 7, new ModelCompute { Dtype = settings.InferenceDtype });
        }

        return new GrpoSetup(
            settings, "grpo", seed, policy, reference, tokenizer,
            new ProblemSource(new ProblemsSection { Families = [new FamilyMix { Family = "addition", Difficulties = [1] }] }, Families),
            new RewardComposer([new RewardComponent(new StartsWithSevenVerifier(), 1.0)]),
            ReflectionDetector.Default,
            null,
            null,
            new StageCheckpoints(folder),
            folder)
        {
            Inference = InferenceCopy.Of(policy, settings.InferenceDtype),
        };
    }

    internal static readonly GrpoStage Settings = new()
    {
        From = "unused",
        Steps = 12,
        PromptsPerStep = 4,
        GroupSize = 8,
        MinibatchSize = 16,
        KlBeta = 0.0,
        Sampling = new SamplingSection { MaxNewTokens = 4 },
        Optimizer = new OptimizerSection { LearningRate = 2e-2, WarmupSteps = 0, Schedule = LearningRateSchedule.Constant, WeightDecay = 0 },
        Eval = new EvalSection { Every = 0, Samples = 0 },
    };

    private async Task<IReadOnlyList<IReadOnlyDictionary<string, double>>> RunAsync(string name, GrpoStage settings, RewardComposer? rewards = null)
    {
        var folder = Path.Combine(_folder, name);
        var setup = Setup(folder, settings);
        setup = rewards is null ? setup : setup with { Rewards = rewards };
        using (setup.Policy)
        using (setup.Reference)
        using (setup.Inference)
        {
            await new GrpoTrainer(NullLogger.Instance).TrainAsync(setup, resume: false, CancellationToken.None);
        }

        return MetricsFile.Read(Path.Combine(folder, "metrics.jsonl"));
    }

    private static IReadOnlyList<double> Rewards(string folder) =>
        [.. MetricsFile.Read(Path.Combine(folder, "metrics.jsonl")).Select(r => r[MetricNames.Reward])];

    [Fact]
    public async Task At_beta_zero_the_kl_is_measured_when_monitored_and_never_trained_on()
    {
        var settings = Settings with { Steps = 4 };
        async Task<IReadOnlyList<IReadOnlyDictionary<string, double>>> Run(string name, bool monitor)
        {
            var folder = Path.Combine(_folder, name);
            var setup = Setup(folder, settings with { MonitorKl = monitor });
            using (setup.Policy)
            using (setup.Reference)
            {
                Assert.Equal(monitor, setup.Reference is not null);
                await new GrpoTrainer(NullLogger.Instance).TrainAsync(setup, resume: false, CancellationToken.None);
            }

            return MetricsFile.Read(Path.Combine(folder, "metrics.jsonl"));
        }

        var monitored = await Run("monitored", monitor: true);
        var unmonitored = await Run("unmonitored", monitor: false);

        // The same updates (the KL stays out of the loss at β = 0) ...
        Assert.Equal(unmonitored.Select(r => r[MetricNames.Loss]), monitored.Select(r => r[MetricNames.Loss]));
        Assert.Equal(unmonitored.Select(r => r[MetricNames.Reward]), monitored.Select(r => r[MetricNames.Reward]));
        // ... but only the monitored run measures the drift, which grows as the policy leaves the reference.
        Assert.All(unmonitored, r => Assert.False(r.ContainsKey(MetricNames.Kl)));
        Assert.True(monitored[^1][MetricNames.Kl] > Math.Max(1e-6, monitored[0][MetricNames.Kl]), $"kl: {string.Join(", ", monitored.Select(r => r[MetricNames.Kl]))}");
    }

    [Fact]
    public async Task The_reward_of_a_trivially_learnable_verifier_rises_within_a_few_steps()
    {
        var setup = Setup(_folder, Settings);
        using (setup.Policy)
        {
            await new GrpoTrainer(NullLogger.Instance).TrainAsync(setup, resume: false, CancellationToken.None);
        }

        var rewards = Rewards(_folder);
        Assert.Equal(12, rewards.Count);
        Assert.True(rewards.TakeLast(3).Average() > rewards.Take(3).Average() + 0.3, $"rewards did not rise: {string.Join(", ", rewards.Select(r => r.ToString("F2")))}");
    }

    [Theory]
    [InlineData(LossAggregation.DrGrpo, 2, 0.04)]
    [InlineData(LossAggregation.Dapo, 1, 0.0)]
    public async Task Every_loss_variant_and_the_kl_path_train_and_log_their_metrics(LossAggregation loss, int updatesPerBatch, double klBeta)
    {
        var setup = Setup(_folder, Settings with { Loss = loss, UpdatesPerBatch = updatesPerBatch, KlBeta = klBeta, Steps = 4, ClipEpsilonHigh = 0.28 });
        using (setup.Policy)
        using (setup.Reference)
        {
            await new GrpoTrainer(NullLogger.Instance).TrainAsync(setup, resume: false, CancellationToken.None);
        }

        var last = MetricsFile.Read(Path.Combine(_folder, "metrics.jsonl"))[^1];
        foreach (var name in new[] { "reward", "reward_std", "frac_reward_zero_std", "rewards/starts_with_seven/mean", "completions/mean_length", "completions/clipped_ratio", "kl", "entropy", "clip_ratio/region_mean", "num_tokens", "step_time", "time/sampling", "time/verifying", "time/scoring", "time/updating", "pass_rate", "reflection_rate" })
        {
            Assert.True(last.ContainsKey(name), $"missing metric {name}");
        }

        Assert.True(last["entropy"] > 0);
        Assert.True(last["kl"] > 0, "the KL to the reference is measured whether or not it is penalised");
    }

    [Fact]
    public async Task With_several_minibatches_per_batch_the_ratio_moves_and_the_clip_engages()
    {
        // 32 rows in minibatches of 8, one pass: from the second minibatch on the policy has moved since it sampled.
        var rows = await RunAsync("clip", Settings with { Steps = 4, MinibatchSize = 8, UpdatesPerBatch = 1 });

        var clipped = rows.Select(r => r[MetricNames.ClipRatioRegionMean]).ToList();
        Assert.True(clipped.Max() > 0, $"clip_ratio/region_mean: {string.Join(", ", clipped)}");
    }

    [Theory]
    [InlineData(OldLogProbSource.Sampler)]
    [InlineData(OldLogProbSource.Trainer)]
    public async Task The_sampler_and_the_trainer_agree_on_the_log_probs_of_the_sampled_tokens(OldLogProbSource source)
    {
        var rows = await RunAsync("agree", Settings with { Steps = 2, MinibatchSize = 8, OldLogProbs = source });

        Assert.All(rows, r =>
        {
            Assert.InRange(r[MetricNames.SamplingLogpDifferenceMean], 0, 1e-4);
            Assert.InRange(r[MetricNames.SamplingLogpDifferenceMax], 0, 1e-3);
            Assert.Equal(1.0, r[MetricNames.ImportanceSamplingRatioMean], 3); // untruncated sampling: π_old is π_sampler
        });
    }

    [Theory]
    [InlineData(OldLogProbSource.Sampler)]
    [InlineData(OldLogProbSource.Trainer)]
    public async Task Sampling_from_a_bfloat16_copy_trains_and_the_gap_to_the_float32_policy_is_measured(OldLogProbSource source)
    {
        var settings = Settings with { InferenceDtype = ComputeDtype.Bfloat16, OldLogProbs = source, KlBeta = 0.04 };
        var rows = await RunAsync("bf16-" + source, settings);

        // The sampler's log-probs are bfloat16's: close to the float32 policy's, but not equal.
        Assert.All(rows, r =>
        {
            Assert.InRange(r[MetricNames.SamplingLogpDifferenceMean], 1e-6, 0.05);
            Assert.True(double.IsFinite(r[MetricNames.Kl]));
        });
        if (source == OldLogProbSource.Trainer)
        {
            // π_old is the float32 policy, so the TIS weights π_old/π_sampler correct for the sampler's numerics.
            Assert.All(rows, r => Assert.NotEqual(1.0, r[MetricNames.ImportanceSamplingRatioMax], 6));
        }

        var rewards = rows.Select(r => r[MetricNames.Reward]).ToList();
        Assert.True(rewards.TakeLast(3).Average() > rewards.Take(3).Average() + 0.3, $"rewards did not rise: {string.Join(", ", rewards.Select(r => r.ToString("F2")))}");
    }

    [Fact]
    public async Task A_mixed_precision_update_trains_and_recomputes_pi_old_on_its_bfloat16_copy()
    {
        // The sampler runs the float32 policy; π_old recomputed by the trainer comes from the bfloat16 copy that the
        // update also runs (so the ratio starts at 1), and differs from the sampler's log-probs by bfloat16 rounding,
        // which the TIS weights π_old/π_sampler then carry. Were π_old the float32 master's, the gap would be ~1e-7.
        var settings = Settings with { TrainingDtype = ComputeDtype.Bfloat16, OldLogProbs = OldLogProbSource.Trainer, KlBeta = 0.04 };
        var rows = await RunAsync("bf16-training", settings);

        Assert.All(rows, r =>
        {
            Assert.InRange(r[MetricNames.SamplingLogpDifferenceMean], 1e-4, 0.05);
            Assert.NotEqual(1.0, r[MetricNames.ImportanceSamplingRatioMax], 6);
            Assert.True(double.IsFinite(r[MetricNames.Kl]) && double.IsFinite(r[MetricNames.GradNorm]));
        });
        var rewards = rows.Select(r => r[MetricNames.Reward]).ToList();
        Assert.True(rewards.TakeLast(3).Average() > rewards.Take(3).Average() + 0.3, $"rewards did not rise: {string.Join(", ", rewards.Select(r => r.ToString("F2")))}");
    }

    [Theory]
    [InlineData(OldLogProbSource.Sampler)]
    [InlineData(OldLogProbSource.Trainer)]
    public async Task With_top_k_sampling_the_importance_weights_are_the_kept_mass(OldLogProbSource source)
    {
        var rows = await RunAsync("top-k", Settings with { Steps = 2, OldLogProbs = source, Sampling = Settings.Sampling with { TopK = 3 } });

        // w = π(y)/π_top-k(y) = the probability mass of the top 3 tokens: in (0, 1), below 1 wherever the 4th token has mass.
        Assert.All(rows, r =>
        {
            Assert.InRange(r[MetricNames.ImportanceSamplingRatioMin], 1e-6, 1.0);
            Assert.InRange(r[MetricNames.ImportanceSamplingRatioMax], 1e-6, 1.0 + 1e-5);
            Assert.True(r[MetricNames.ImportanceSamplingRatioMean] < 0.999, $"mean weight {r[MetricNames.ImportanceSamplingRatioMean]}");
            Assert.InRange(r[MetricNames.SamplingLogpDifferenceMean], 0, 1e-4); // the same distribution, untruncated, on both sides
        });
    }

    public static TheoryData<string, GrpoStage> Options => new()
    {
        { "gspo", Settings with { RatioLevel = RatioLevel.Sequence, ClipEpsilonLow = 3e-4, ClipEpsilonHigh = 4e-4, UpdatesPerBatch = 2 } },
        { "k1-in-reward", Settings with { KlBeta = 0.1, KlEstimator = KlEstimator.K1, KlIn = KlPlacement.Reward } },
        { "k2-trainer-old", Settings with { KlBeta = 0.1, KlEstimator = KlEstimator.K2, OldLogProbs = OldLogProbSource.Trainer, SamplerCorrection = SamplerCorrection.None } },
        { "top-p-dapo", Settings with { Loss = LossAggregation.Dapo, Sampling = Settings.Sampling with { TopP = 0.9, Temperature = 0.8 }, TisCap = 1.5 } },
    };

    [Theory]
    [MemberData(nameof(Options))]
    public async Task Every_objective_option_trains_and_logs_finite_metrics(string name, GrpoStage settings)
    {
        var rows = await RunAsync(name, settings with { Steps = 3, MinibatchSize = 16 });

        Assert.Equal(3, rows.Count);
        foreach (var key in new[] { MetricNames.Loss, MetricNames.Kl, MetricNames.ClipRatioRegionMean, MetricNames.SamplingLogpDifferenceMean, MetricNames.GradNorm })
        {
            Assert.All(rows, r => Assert.True(double.IsFinite(r[key]), $"{name}: {key} = {r[key]}"));
        }

        Assert.Equal(settings.KlIn == KlPlacement.Reward, rows[0].ContainsKey(MetricNames.KlRewardPenalty));
    }

    [Fact]
    public async Task Dynamic_sampling_filters_on_correctness_and_the_metrics_cover_every_sampled_group()
    {
        // Correctness never varies (always wrong); the second column varies, so the total reward does.
        var rewards = new RewardComposer([new RewardComponent(new NeverCorrectVerifier(), 1.0), new RewardComponent(new StartsWithSevenVerifier(), 0.5)]);
        var onCorrectness = await RunAsync("correctness", Settings with { Steps = 2, DynamicSampling = DynamicSampling.Correctness, MaxRefillRounds = 2 }, rewards);
        var onReward = await RunAsync("reward", Settings with { Steps = 2, DynamicSampling = DynamicSampling.Reward, MaxRefillRounds = 2 }, rewards);

        // On correctness no group is informative: both refill rounds are dropped whole (4 groups each), the last round is trained.
        Assert.All(onCorrectness, r => Assert.Equal(8, r["dropped_groups"]));
        Assert.All(onCorrectness, r => Assert.Equal(32, r["trained_completions"]));
        Assert.True(onReward.Sum(r => r["dropped_groups"]) < 16, "groups with varying rewards are kept when filtering on the reward");
        // The metrics describe all 12 sampled groups; the trained ones are logged apart.
        Assert.All(onCorrectness, r =>
        {
            Assert.Equal(0.0, r[MetricNames.PassRate]);
            Assert.True(r.ContainsKey(MetricNames.Kept(MetricNames.Reward)));
        });
        var sampledMinusKept = onCorrectness.Select(r => Math.Abs(r[MetricNames.Reward] - r[MetricNames.Kept(MetricNames.Reward)]));
        Assert.Contains(sampledMinusKept, d => d > 1e-9);
    }
}

/// <summary>Judges every completion incorrect: a correctness column that never varies.</summary>
internal sealed class NeverCorrectVerifier : IVerifier
{
    public string Name => "never";

    public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Verdict.Incorrect());
}

/// <summary>Counts verifications and cancels a token at the given call, as Ctrl+C in the middle of a step would.</summary>
internal sealed class CancellingVerifier(IVerifier inner, int cancelAtCall, CancellationTokenSource cancellation) : IVerifier
{
    private int _calls;

    public string Name => inner.Name;

    public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _calls) == cancelAtCall)
        {
            cancellation.Cancel();
        }

        return inner.VerifyAsync(problem, completion, cancellationToken);
    }
}

public sealed class GrpoResumeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-grpo-resume-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IReadOnlyList<string> Metrics(string folder) =>
        [.. File.ReadLines(Path.Combine(folder, "metrics.jsonl")).Select(l => System.Text.RegularExpressions.Regex.Replace(l, "\"(step_time|time/[a-z]+|tokens_per_s/[a-z]+|rollout/[^\"]+)\":[^,}]+", ""))];

    [Theory]
    [InlineData(ComputeDtype.Float32, ComputeDtype.Float32)]
    [InlineData(ComputeDtype.Bfloat16, ComputeDtype.Float32)]
    [InlineData(ComputeDtype.Bfloat16, ComputeDtype.Bfloat16)] // mixed-precision update: the bfloat16 copy is rounded again from the restored masters
    public async Task A_stopped_and_resumed_run_logs_the_same_metrics_as_an_uninterrupted_run(ComputeDtype inferenceDtype, ComputeDtype trainingDtype)
    {
        var settings = GrpoSmokeTests.Settings with
        {
            Steps = 7, KlBeta = 0.04, UpdatesPerBatch = 2, CheckpointEvery = 100, InferenceDtype = inferenceDtype, TrainingDtype = trainingDtype,
        };
        var straight = Path.Combine(_folder, "straight");
        var straightSetup = GrpoSmokeTests.Setup(straight, settings);
        using (straightSetup.Policy)
        using (straightSetup.Reference)
        {
            await new GrpoTrainer(NullLogger.Instance).TrainAsync(straightSetup, resume: false, CancellationToken.None);
        }

        var interrupted = Path.Combine(_folder, "interrupted");
        using var cancellation = new CancellationTokenSource();
        var first = GrpoSmokeTests.Setup(interrupted, settings);
        // Cancel while step 4 verifies (32 verifications a step): step 4 finishes, a checkpoint is saved at 4, the run stops.
        first = first with { Rewards = new RewardComposer([new RewardComponent(new CancellingVerifier(new StartsWithSevenVerifier(), (3 * 32) + 5, cancellation), 1.0)]) };
        using (first.Policy)
        using (first.Reference)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new GrpoTrainer(NullLogger.Instance).TrainAsync(first, resume: false, cancellation.Token));
        }

        Assert.True(Directory.Exists(Path.Combine(interrupted, "checkpoints", "step-000004")));
        var second = GrpoSmokeTests.Setup(interrupted, settings);
        using (second.Policy)
        using (second.Reference)
        {
            await new GrpoTrainer(NullLogger.Instance).TrainAsync(second, resume: true, CancellationToken.None);
        }

        Assert.Equal(Metrics(straight), Metrics(interrupted));
        Assert.Equal(7, Metrics(interrupted).Count);
    }
}
