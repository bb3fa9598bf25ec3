using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Rl;
using ReasonRL.Core.Text;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Sampling;
using ReasonRL.Model.Scoring;
using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Checkpoints;
using ReasonRL.Training.Evaluation;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Optimization;
using ReasonRL.Training.Problems;
using ReasonRL.Training.Recipes;
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
    string Folder);

/// <summary>
/// Group Relative Policy Optimisation (DeepSeekMath, arXiv 2402.03300, §4, Algorithm 1), one step at a time:
/// sample G completions for each of B prompts → verify → advantages → loss → optimizer steps → log. Departures from
/// the paper's algorithm box: the reward model is a set of verifiers; optional DAPO pieces (dynamic sampling,
/// clip-higher, token-level loss, overlong penalty) and Dr. GRPO's unscaled advantages and constant normaliser; an
/// optional budget of sampled completion tokens ends the run early, so arms compare at equal sampling compute.
/// </summary>
public sealed class GrpoTrainer(ILogger logger)
{
    public async Task<Dictionary<string, double>> TrainAsync(GrpoSetup setup, bool resume, CancellationToken cancellationToken)
    {
        var settings = setup.Settings;
        using var optimizer = FlatAdamW.Create(setup.Policy, settings.Optimizer);
        var extraModels = setup.Reference is null ? null : new Dictionary<string, TransformerModel> { ["reference"] = setup.Reference };
        var start = 0;
        var cumulativeTokens = 0L;
        var sampledTokens = 0L;
        var seenFlags = new HashSet<string>(StringComparer.Ordinal);
        if (resume && setup.Checkpoints.Latest() is { } latest)
        {
            var state = StageCheckpoints.Restore(latest, setup.Policy, optimizer, extraModels);
            (start, cumulativeTokens) = (state.Step, (long)state.Values.GetValueOrDefault(MetricNames.NumTokens));
            sampledTokens = (long)state.Values.GetValueOrDefault(MetricNames.SampledTokens);
            seenFlags.UnionWith(state.Values.Keys.Where(k => k.StartsWith(FlagPrefix, StringComparison.Ordinal)).Select(k => k[FlagPrefix.Length..]));
            logger.LogInformation("{Stage}: resuming at step {Step} from {Checkpoint}", setup.Stage, start, latest);
        }

        using var metrics = new MetricsWriter(Path.Combine(setup.Folder, "metrics.jsonl"), Path.Combine(setup.Folder, "tensorboard"), resume ? start : null);
        using var samples = new SamplesWriter(Path.Combine(setup.Folder, "samples.jsonl"), resume ? start : null);
        var sampler = new Sampler(setup.Policy, setup.Tokenizer);
        var clock = Stopwatch.StartNew();
        var last = new Dictionary<string, double>();
        if (start == 0 && setup.HeldOut is not null)
        {
            var initial = Prefixed(await setup.HeldOut(setup.Policy, 0, cancellationToken).ConfigureAwait(false));
            initial[MetricNames.NumTokens] = initial[MetricNames.SampledTokens] = 0;
            metrics.Write(0, initial);
        }

        for (var step = start; step < settings.Steps && !BudgetSpent(settings, sampledTokens); step++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                SaveCheckpoint(setup, step, optimizer, extraModels, cumulativeTokens, sampledTokens, seenFlags);
                cancellationToken.ThrowIfCancellationRequested();
            }

            var learningRate = LearningRate.At(step, settings.Steps, settings.Optimizer);
            optimizer.LearningRate = learningRate;

            // 1. Sample G completions for each of B prompts with the current policy (which is π_old for the ratio).
            // 2. Verify them: weighted verifier rewards. With dynamic sampling, groups whose rewards are all equal are
            //    dropped and more prompts are sampled to refill the batch (DAPO §3.2).
            // A step runs to its end once begun (Ctrl+C is honoured between steps), so a checkpoint never holds a
            // half-updated policy.
            var (batch, scores, dropped, stepSampledTokens, samplingSeconds, verifyingSeconds) = await SampleAndVerifyAsync(setup, sampler, step, CancellationToken.None).ConfigureAwait(false);
            sampledTokens += stepSampledTokens;

            // 3. Advantages: group-relative outcome advantages and/or process advantages from step rewards (a
            //    step-checking verifier or a process reward model, which also reports how its scores track correctness).
            var stepRewarding = Stopwatch.StartNew();
            var stepRewards = setup.StepRewards?.Invoke(batch, scores);
            var stepRewardSeconds = stepRewarding.Elapsed.TotalSeconds;
            var advantages = TokenAdvantages.Build(batch, scores, settings.Advantage, settings.Scale, stepRewards?.Steps, settings.ProcessRewards.CreditAssignment);

            // 4. Scoring passes and 5. the update: loss → optimizer steps, μ passes over minibatches.
            UpdateStatistics update;
            double scoringSeconds;
            using (var scope = NewDisposeScope())
            {
                var rows = Enumerable.Range(0, batch.Count).ToArray();
                var trained = rows.Select(i => scores.Valid[i] && !(settings.MaskTruncated && RewardScores.Truncated(batch.Completions[i]))).ToArray();
                var (sequences, completionMask) = batch.Tensors(rows, trained, setup.Tokenizer.PadId, setup.Policy.Device);
                var scoring = Stopwatch.StartNew();
                var refLogProbs = setup.Reference is null
                    ? null
                    : LogProbScorer.ScoreWithoutGrad(setup.Reference, sequences, completionMask, settings.MinibatchSize, settings.Sampling.Temperature).LogProbs;
                scoringSeconds = scoring.Elapsed.TotalSeconds;
                var oldLogProbs = batch.CompletionValues(rows, [.. batch.Completions.Select(c => c.LogProbs)], setup.Policy.Device);
                var tokenAdvantages = batch.CompletionValues(rows, advantages, setup.Policy.Device);
                update = PolicyUpdate.Run(
                    setup.Policy, optimizer, settings, sequences, completionMask, tokenAdvantages, oldLogProbs, refLogProbs,
                    new DeterministicRandom(SeedMixer.Mix(SeedMixer.Mix(setup.Seed, "minibatches"), (ulong)step)), CancellationToken.None);
            }

            var done = step + 1;
            var finished = done == settings.Steps || BudgetSpent(settings, sampledTokens);
            if (setup.Reference is not null && settings.ReferenceRefreshEvery > 0 && done % settings.ReferenceRefreshEvery == 0)
            {
                StageCheckpoints.CopyWeights(setup.Policy, setup.Reference);
            }

            // 6. Log: metrics, a few samples, periodic held-out evaluation, progress, checkpoints.
            cumulativeTokens += batch.TotalTokens;
            var evaluating = Stopwatch.StartNew();
            Dictionary<string, double>? evaluation = null;
            if (setup.HeldOut is not null && settings.Eval.Every > 0 && (done % settings.Eval.Every == 0 || finished))
            {
                try
                {
                    evaluation = await setup.HeldOut(setup.Policy, done, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    SaveCheckpoint(setup, done, optimizer, extraModels, cumulativeTokens, sampledTokens, seenFlags);
                    throw;
                }
            }

            var timings = new StepTimings(samplingSeconds, verifyingSeconds, stepRewardSeconds, scoringSeconds, update.Seconds, evaluating.Elapsed.TotalSeconds);
            var row = GrpoMetrics.Of(batch, scores, update, timings, setup.Reflection, learningRate, cumulativeTokens, dropped, seenFlags);
            row[MetricNames.SampledTokens] = sampledTokens;
            foreach (var (name, value) in (stepRewards?.Metrics ?? new Dictionary<string, double>()).Concat(Prefixed(evaluation ?? [])))
            {
                row[name] = value;
            }

            metrics.Write(done, row);
            samples.Write(Enumerable.Range(0, Math.Min(settings.SamplesPerLog, batch.Problems.Count)).Select(g =>
            {
                var i = g * batch.GroupSize;
                return new SampleRecord(done, batch.ProblemOf(i).Id, R1Template.Prompt(batch.ProblemOf(i).Prompt), batch.Completions[i].Text, scores.Rewards[i], scores.Verdicts[i].Verdict);
            }));
            last = new Dictionary<string, double>(row) { [MetricNames.Step] = done };
            var eta = TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds * (1 - Progress(settings, done, sampledTokens)) / Math.Max(1e-9, Progress(settings, done, sampledTokens) - Progress(settings, start, 0)));
            logger.LogInformation(
                "{Stage} step {Step}/{Steps} reward {Reward:F3} pass {Pass:P1} len {Length:F0}{Kl}{Prm}{Eval} ({Seconds:F1}s: sample {Sample:F1} verify {Verify:F2} score {Score:F1} update {Update:F1}) ETA {Eta}",
                setup.Stage, done, settings.Steps, row[MetricNames.Reward], row[MetricNames.PassRate], row[MetricNames.CompletionsMeanLength],
                row.TryGetValue(MetricNames.Kl, out var kl) ? $" kl {kl:F4}" : "",
                row.TryGetValue("prm/score_mean", out var prmScore) ? $" prm score {prmScore:F3} gap {row["prm/gap"]:+0.000;-0.000}" : "",
                evaluation is null ? "" : $" held-out pass@1 {evaluation["pass@1"]:P1}", timings.Total, timings.Sampling, timings.Verifying, timings.Scoring, timings.Updating, Supervised.Eta.Format(eta));

            if (done % settings.CheckpointEvery == 0 && !finished)
            {
                SaveCheckpoint(setup, done, optimizer, extraModels, cumulativeTokens, sampledTokens, seenFlags);
            }
        }

        return last;
    }

    /// <summary>Whether the budget of sampled completion tokens (when there is one) is used up.</summary>
    private static bool BudgetSpent(GrpoStage settings, long sampledTokens) =>
        settings.MaxSampledTokens > 0 && sampledTokens >= settings.MaxSampledTokens;

    /// <summary>The fraction of the run done: of its steps, or of its token budget when that is further along.</summary>
    private static double Progress(GrpoStage settings, int steps, long sampledTokens) =>
        Math.Max((double)steps / settings.Steps, settings.MaxSampledTokens > 0 ? Math.Min(1.0, (double)sampledTokens / settings.MaxSampledTokens) : 0.0);

    private async Task<(RolloutBatch Batch, RewardScores Scores, int Dropped, long SampledTokens, double Sampling, double Verifying)> SampleAndVerifyAsync(
        GrpoSetup setup, Sampler sampler, int step, CancellationToken cancellationToken)
    {
        var settings = setup.Settings;
        var groups = settings.PromptsPerStep;
        var slotsPerStep = groups * (1 + (settings.DynamicSampling ? settings.MaxRefillRounds : 0));
        var options = settings.Sampling.ToOptions();
        var keptProblems = new List<Problem>();
        var keptPrompts = new List<int[]>();
        var keptCompletions = new List<SampledCompletion>();
        var keptRewards = new List<double>();
        var keptVerdicts = new List<Core.Verification.ComposedVerdict>();
        var keptValid = new List<bool>();
        double samplingSeconds = 0, verifyingSeconds = 0;
        var dropped = 0;
        var sampledTokens = 0L;
        for (var round = 0; keptProblems.Count < groups; round++)
        {
            var slots = Enumerable.Range(round * groups, groups).ToList();
            var problems = slots.Select(slot => setup.Problems.Training(setup.Seed, step, slot, slotsPerStep)).ToList();
            var prompts = problems.Select(p => PromptTokens.Of(setup.Tokenizer, p)).ToList();
            var requests = slots.SelectMany((slot, g) => Enumerable.Range(0, settings.GroupSize)
                .Select(s => new SampleRequest(prompts[g], SeedMixer.Mix(setup.Seed, (ulong)step, (ulong)slot, (ulong)s)))).ToList();

            var sampling = Stopwatch.StartNew();
            var completions = sampler.Generate(requests, options, cancellationToken);
            samplingSeconds += sampling.Elapsed.TotalSeconds;
            sampledTokens += completions.Sum(c => (long)c.TokenIds.Length);

            var verifying = Stopwatch.StartNew();
            var batch = new RolloutBatch(problems, prompts, completions, settings.GroupSize);
            var scores = await RewardScores.ScoreAsync(batch, setup.Rewards, settings.Sampling.MaxNewTokens, settings.OverlongCacheLength, cancellationToken).ConfigureAwait(false);
            verifyingSeconds += verifying.Elapsed.TotalSeconds;

            var lastRound = !settings.DynamicSampling || round == settings.MaxRefillRounds;
            var informative = settings.DynamicSampling ? GroupFilter.Informative(scores.Rewards, settings.GroupSize) : [.. problems.Select(_ => true)];
            for (var g = 0; g < problems.Count && keptProblems.Count < groups; g++)
            {
                // On the last round, groups are taken even if uninformative, so the batch is always full.
                if (!informative[g] && !lastRound)
                {
                    dropped++;
                    continue;
                }

                keptProblems.Add(problems[g]);
                keptPrompts.Add(prompts[g]);
                var rows = Enumerable.Range(g * settings.GroupSize, settings.GroupSize).ToList();
                keptCompletions.AddRange(rows.Select(i => completions[i]));
                keptRewards.AddRange(rows.Select(i => scores.Rewards[i]));
                keptVerdicts.AddRange(rows.Select(i => scores.Verdicts[i]));
                keptValid.AddRange(rows.Select(i => scores.Valid[i]));
            }
        }

        return (new RolloutBatch(keptProblems, keptPrompts, keptCompletions, settings.GroupSize),
                new RewardScores([.. keptRewards], keptVerdicts, [.. keptValid]), dropped, sampledTokens, samplingSeconds, verifyingSeconds);
    }

    private static Dictionary<string, double> Prefixed(Dictionary<string, double> evaluation) =>
        evaluation.ToDictionary(kv => MetricNames.Eval(kv.Key), kv => kv.Value);

    /// <summary>Trainer-state keys that record a verdict flag seen so far (so its curve continues after a resume).</summary>
    private const string FlagPrefix = "flag:";

    private void SaveCheckpoint(
        GrpoSetup setup, int step, FlatAdamW optimizer, IReadOnlyDictionary<string, TransformerModel>? extraModels, long cumulativeTokens, long sampledTokens,
        IEnumerable<string> seenFlags)
    {
        var values = seenFlags.ToDictionary(f => FlagPrefix + f, _ => 1.0);
        values[MetricNames.NumTokens] = cumulativeTokens;
        values[MetricNames.SampledTokens] = sampledTokens;
        setup.Checkpoints.Save(new TrainerState { Stage = setup.Stage, Step = step, Seed = setup.Seed, Values = values }, setup.Policy, setup.Tokenizer, optimizer, extraModels);
        logger.LogInformation("{Stage}: checkpoint at step {Step}", setup.Stage, step);
    }
}
