using Microsoft.Extensions.Logging;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Text;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Scoring;
using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Checkpoints;
using ReasonRL.Training.Losses;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Optimization;
using ReasonRL.Training.Problems;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Rollout;
using static TorchSharp.torch;

namespace ReasonRL.Training.Grpo;

/// <summary>Everything a GRPO run works with, built by the stage runner.</summary>
/// <param name="Policy">π_θ, trained.</param>
/// <param name="Reference">π_ref, frozen (refreshed from the policy every N steps if configured); null when β = 0 and the KL is not monitored.</param>
/// <param name="HeldOut">Periodic held-out evaluation; null disables it.</param>
/// <param name="StepRewards">
/// Step rewards for process advantages, with metrics of their own (e.g. a process reward model's score against the pass
/// rate); called every step when set, also for outcome advantages (then only its metrics are used); null for none.
/// </param>
public sealed record GrpoSetup(
    GrpoStage Settings,
    string Stage,
    ulong Seed,
    TransformerModel Policy,
    TransformerModel? Reference,
    TextTokenizer Tokenizer,
    ProblemSource Problems,
    RewardComposer Rewards,
    ReflectionDetector Reflection,
    Func<RolloutBatch, RewardScores, StepRewardBatch>? StepRewards,
    Func<TransformerModel, int, CancellationToken, Task<Dictionary<string, double>>>? HeldOut,
    StageCheckpoints Checkpoints,
    string Folder)
{
    /// <summary>Where rollout units run; null runs them in this process (<see cref="LocalRolloutWorkers"/>).</summary>
    public IRolloutWorkers? Workers { get; init; }

    /// <summary>How training problems are shown to the policy; the R1 template unless the recipe chooses another.</summary>
    public PromptBuilder Prompts
    {
        get => _prompts ?? PromptBuilder.R1(Tokenizer);
        init => _prompts = value;
    }

    private readonly PromptBuilder? _prompts;

    /// <summary>The copy of the policy the sampler runs in the inference dtype, rounded again before every step; null samples the policy itself.</summary>
    public InferenceCopy? Inference { get; init; }

    /// <summary>The model the in-process sampler runs: π_θ, or its copy in the inference dtype.</summary>
    public TransformerModel SamplingPolicy => Inference?.Model ?? Policy;
}

/// <summary>
/// Group Relative Policy Optimisation (DeepSeekMath, arXiv 2402.03300, §4, Algorithm 1), one step at a time:
/// sample G completions for each of B prompts → verify → advantages → μ passes of the clipped objective → log.
/// Departures from the paper's algorithm box, each an option: the reward model is a set of verifiers; π_old is the
/// sampler's record of the policy that drew the rows, with truncated importance sampling for the sampler's own
/// distribution (top-k/top-p, numerics); DAPO's dynamic sampling, clip-higher, token-level loss and overlong penalty;
/// Dr. GRPO's unscaled advantages and constant normaliser; GSPO's sequence-level ratio; k1/k2/k3 KL in the loss or the
/// reward; a budget of sampled tokens that ends the run early, so arms compare at equal sampling compute.
/// <para>
/// Off-policy steps (<c>rollout.max_staleness: k</c> ≥ 1): step t's rows are drawn by the behaviour policy μ = π_{t−k}
/// (after warm-up), sampled while the trainer updated on earlier steps. The objective is then AReaL's decoupled PPO
/// objective (Fu et al., arXiv 2505.24298, §5.1, eq. 5) with a truncated behaviour weight: π_old of the ratio is the
/// proximal policy π_prox = π_θ at the start of the update, recomputed by the trainer (<c>old_log_probs: trainer</c>,
/// required), so the clip keeps each update within a trust region of the current policy rather than of a policy k
/// updates old (whose ratios would start far from 1 and be clipped away); the behaviour policy enters only through the
/// importance weight w_t = min(π_prox/μ, C) of <c>sampler_correction: tis</c> (required), truncated as IMPALA's V-trace
/// truncates ρ̄ (Espeholt et al., arXiv 1802.01561, eq. 1) and as AReaL caps its behaviour weight. The sampler's recorded
/// log-probs are μ's, under the distribution it drew from, so the same weight also covers top-k/top-p and numerics.
/// </para>
/// </summary>
public sealed class GrpoTrainer(ILogger logger)
{
    public async Task<Dictionary<string, double>> TrainAsync(GrpoSetup setup, bool resume, CancellationToken cancellationToken)
    {
        var settings = setup.Settings;
        using var optimizer = FlatAdamW.Create(setup.Policy, settings.Optimizer);
        using var run = GrpoRun.Open(setup, optimizer, resume, logger);   // resume, metrics, samples, ETA, checkpoints
        using var training = TrainingCopy.Of(setup.Policy, optimizer, settings.TrainingDtype); // π_θ's passes: float32, or a bfloat16 copy of the masters
        var collector = new RolloutCollector(setup, setup.Workers ?? LocalRolloutWorkers.For(setup)); // rollout units: in-process or on cluster workers
        await using var pipeline = RolloutPipeline.Open(setup, collector, run.Start, run.ResumedFrom); // which policy version samples which step
        run.KeepInCheckpoints(pipeline.HeldPolicies);
        var (scoring, update) = (ScoringOptionsOf(setup), UpdateOptionsOf(settings));
        await run.EvaluateAtStartAsync(cancellationToken).ConfigureAwait(false);
        for (var step = run.Start; run.Continues(step); step++)
        {
            run.StopIfCancelled(step, cancellationToken); // between steps only: a checkpoint never holds a half-updated policy
            var timer = new StepTimer();
            var learningRate = optimizer.LearningRate = LearningRate.At(step, settings.Steps, settings.Optimizer);

            // 1–2. Sample G completions for each of B prompts from π_θ, which is this step's π_old, and verify them
            //      (from its bfloat16 copy with inference_dtype: bfloat16, rounded from π_θ here; TIS corrects for it).
            //      With max_staleness: k, from the snapshot of version max(0, step − k), sampled while earlier steps updated.
            var rollouts = await pipeline.TakeAsync(step, timer).ConfigureAwait(false);
            var (batch, scores) = rollouts.Trained;
            UpdateStatistics statistics;
            SamplerAgreement agreement;
            var extraMetrics = new Dictionary<string, double>();
            using (NewDisposeScope())
            {
                // 3. Log-probs of the sampled tokens: π_old (the ratio's denominator), the sampler's own (TIS), π_ref (KL).
                //    With training_dtype: bfloat16, π_old recomputed by the trainer comes from the same bfloat16 copy as π_θ.
                var logProbs = timer.Time(StepPhase.Scoring, () => RolloutLogProbs.Score(rollouts.Trained, training.Model, setup.Reference, scoring));
                var weights = logProbs.ImportanceWeights(settings.SamplerCorrection, settings.TisCap);

                // 4. Advantages: group-relative, from the verifiers' rewards (less β·Σ KL when the KL is in the reward)
                //    and/or from step rewards (a step checker or a process reward model, with metrics of its own).
                var stepRewards = timer.Time(StepPhase.StepRewards, () => setup.StepRewards?.Invoke(batch, scores));
                extraMetrics = new Dictionary<string, double>(stepRewards?.Metrics ?? extraMetrics);
                var rewards = settings.Kl.InReward ? KlPenalisedRewards(scores, logProbs, settings.Kl, extraMetrics) : scores;
                var advantages = TokenAdvantages.Build(batch, rewards, settings.Advantage, settings.Scale, stepRewards?.Steps, settings.ProcessRewards.CreditAssignment);

                // 5. μ passes of minibatches, one optimizer step each, on the clipped, importance-weighted, KL-penalised objective.
                var rows = Enumerable.Range(0, batch.Count).ToArray();
                var updateBatch = new UpdateBatch(logProbs.CompletionMask, batch.CompletionValues(rows, advantages, setup.Policy.Device), logProbs.OldLogProbs, weights, logProbs.RefLogProbs);
                statistics = timer.Time(StepPhase.Updating, () => PolicyUpdate.Run(
                    updateBatch, PolicyScores(training.Model, logProbs, settings.Sampling.Temperature), loss => training.Step(loss, settings.Optimizer.GradClip), update,
                    new DeterministicRandom(SeedMixer.Mix(SeedMixer.Mix(setup.Seed, "minibatches"), (ulong)step)), CancellationToken.None));
                agreement = new SamplerAgreement(logProbs.SamplerGap ?? statistics.StartGap, weights is null ? null : TokenStatistics.Of(weights, logProbs.CompletionMask));
            }

            // 6. Refresh the reference if due; log metrics and samples, evaluate on held-out problems, checkpoint.
            var done = step + 1;
            if (setup.Reference is not null && settings.ReferenceRefreshEvery > 0 && done % settings.ReferenceRefreshEvery == 0)
            {
                StageCheckpoints.CopyWeights(setup.Policy, setup.Reference);
            }

            await run.FinishStepAsync(done, rollouts, statistics, agreement, extraMetrics, timer, learningRate, cancellationToken).ConfigureAwait(false);
        }

        return run.Last;
    }

    /// <summary>
    /// Rewards less β·Σ_t KL_t of the sampling policy against the reference (the KL penalty in the reward); logs the
    /// mean penalty as <c>rewards/kl_penalty/mean</c>.
    /// </summary>
    private static RewardScores KlPenalisedRewards(RewardScores scores, RolloutLogProbs logProbs, KlPenalty kl, Dictionary<string, double> metrics)
    {
        var penalties = logProbs.SequenceKl(kl.Estimator).Select(s => -kl.Beta * s).ToArray();
        metrics[MetricNames.KlRewardPenalty] = penalties.Average();
        return scores with { Rewards = [.. scores.Rewards.Zip(penalties, (r, p) => r + p)] };
    }

    private static ScoringOptions ScoringOptionsOf(GrpoSetup setup) => new(
        setup.Settings.OldLogProbs, setup.Settings.MaskTruncated, setup.Settings.MinibatchSize, setup.Settings.Sampling.Temperature, setup.Tokenizer.PadId,
        setup.Settings.Sampling.Streams);

    internal static UpdateOptions UpdateOptionsOf(GrpoStage settings) => new(
        settings.UpdatesPerBatch,
        settings.MinibatchSize,
        new ObjectiveOptions(settings.ClipEpsilonLow, settings.ClipEpsilonHigh, settings.RatioLevel, settings.Loss, settings.Sampling.MaxNewTokens, settings.Kl));

    /// <summary>The policy's log-probs (with grad) and entropies of some of the batch's rows, at the sampling temperature.</summary>
    private static Func<Tensor, TokenScores> PolicyScores(TransformerModel policy, RolloutLogProbs logProbs, double temperature)
    {
        policy.train();
        return index => LogProbScorer.Score(
            policy, logProbs.Sequences.index_select(0, index), logProbs.CompletionMask.index_select(0, index), temperature, withEntropy: true);
    }

    /// <summary>Backpropagates a minibatch's loss, clips the gradient, steps AdamW; returns the gradient norm.</summary>
    internal static Func<Tensor, double> OptimizerStep(FlatAdamW optimizer, double gradClip) => loss =>
    {
        optimizer.ZeroGrad();
        loss.backward();
        var gradNorm = optimizer.ClipGradNorm(gradClip);
        optimizer.Step();
        return gradNorm;
    };
}
