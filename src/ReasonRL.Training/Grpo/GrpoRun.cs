using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Checkpoints;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Optimization;

namespace ReasonRL.Training.Grpo;

/// <summary>
/// The bookkeeping beside the GRPO loop, so the loop reads like the algorithm: resuming (step, token counters, verdict
/// flags seen), held-out evaluations, metrics.jsonl / TensorBoard / samples.jsonl, the progress line with its ETA,
/// the token budget, and checkpoints (periodic, and on Ctrl+C).
/// </summary>
public sealed class GrpoRun : IDisposable
{
    /// <summary>Trainer-state keys that record a verdict flag seen so far (so its curve continues after a resume).</summary>
    private const string FlagPrefix = "flag:";

    private readonly GrpoSetup _setup;
    private readonly FlatAdamW _optimizer;
    private readonly ILogger _logger;
    private readonly IReadOnlyDictionary<string, TransformerModel>? _extraModels;
    private readonly MetricsWriter _metrics;
    private readonly SamplesWriter _samples;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly HashSet<string> _seenFlags = new(StringComparer.Ordinal);
    private long _cumulativeTokens;
    private long _sampledTokens;
    private Func<int, IReadOnlyDictionary<string, TransformerModel>> _heldPolicies = _ => new Dictionary<string, TransformerModel>();

    private GrpoRun(GrpoSetup setup, FlatAdamW optimizer, bool resume, ILogger logger)
    {
        (_setup, _optimizer, _logger) = (setup, optimizer, logger);
        _extraModels = setup.Reference is null ? null : new Dictionary<string, TransformerModel> { ["reference"] = setup.Reference };
        if (resume && setup.Checkpoints.Latest() is { } latest)
        {
            var state = StageCheckpoints.Restore(latest, setup.Policy, optimizer, _extraModels);
            Start = state.Step;
            ResumedFrom = latest;
            _cumulativeTokens = (long)state.Values.GetValueOrDefault(MetricNames.NumTokens);
            _sampledTokens = (long)state.Values.GetValueOrDefault(MetricNames.SampledTokens);
            _seenFlags.UnionWith(state.Values.Keys.Where(k => k.StartsWith(FlagPrefix, StringComparison.Ordinal)).Select(k => k[FlagPrefix.Length..]));
            logger.LogInformation("{Stage}: resuming at step {Step} from {Checkpoint}", setup.Stage, Start, latest);
        }

        _metrics = new MetricsWriter(Path.Combine(setup.Folder, "metrics.jsonl"), Path.Combine(setup.Folder, "tensorboard"), resume ? Start : null);
        _samples = new SamplesWriter(Path.Combine(setup.Folder, "samples.jsonl"), resume ? Start : null);
    }

    /// <summary>The first step to run: 0, or the step of the checkpoint resumed from.</summary>
    public int Start { get; }

    /// <summary>The checkpoint the run resumed from, or null for a fresh run.</summary>
    public string? ResumedFrom { get; }

    /// <summary>The last step's metrics (with its step number), or empty before the first.</summary>
    public Dictionary<string, double> Last { get; private set; } = [];

    public static GrpoRun Open(GrpoSetup setup, FlatAdamW optimizer, bool resume, ILogger logger) => new(setup, optimizer, resume, logger);

    /// <summary>Has every checkpoint before step t also keep the older policies those steps sample from (<see cref="RolloutPipeline.HeldPolicies"/>).</summary>
    public void KeepInCheckpoints(Func<int, IReadOnlyDictionary<string, TransformerModel>> heldPolicies) => _heldPolicies = heldPolicies;

    /// <summary>Whether step <paramref name="step"/> (0-based) is to run: within the steps, and the sampling budget not spent.</summary>
    public bool Continues(int step) => step < _setup.Settings.Steps && !BudgetSpent;

    /// <summary>The held-out evaluation before the first step of a fresh run (logged as step 0).</summary>
    public async Task EvaluateAtStartAsync(CancellationToken cancellationToken)
    {
        if (Start == 0 && _setup.HeldOut is not null)
        {
            var initial = Prefixed(await _setup.HeldOut(_setup.Policy, 0, cancellationToken).ConfigureAwait(false));
            initial[MetricNames.NumTokens] = initial[MetricNames.SampledTokens] = 0;
            _metrics.Write(0, initial);
        }
    }

    /// <summary>Ctrl+C is honoured between steps: a checkpoint at <paramref name="step"/>, then the run stops.</summary>
    public void StopIfCancelled(int step, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            SaveCheckpoint(step);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Everything after step <paramref name="done"/>'s update: the periodic held-out evaluation, the metrics row, a few
    /// samples, the progress line, a warning if the sampler and the trainer disagree, and the periodic checkpoint.
    /// </summary>
    public async Task FinishStepAsync(
        int done, Rollouts rollouts, UpdateStatistics update, SamplerAgreement agreement, IReadOnlyDictionary<string, double> extraMetrics,
        StepTimer timer, double learningRate, CancellationToken cancellationToken)
    {
        var settings = _setup.Settings;
        _sampledTokens += rollouts.SampledTokens;
        _cumulativeTokens += rollouts.Trained.Batch.TotalTokens;
        var finished = !Continues(done);
        Dictionary<string, double>? evaluation = null;
        if (_setup.HeldOut is not null && settings.Eval.Every > 0 && (done % settings.Eval.Every == 0 || finished))
        {
            try
            {
                evaluation = await timer.TimeAsync(StepPhase.Evaluating, () => _setup.HeldOut(_setup.Policy, done, cancellationToken)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                SaveCheckpoint(done);
                throw;
            }
        }

        var timings = timer.Timings;
        var row = GrpoMetrics.Of(rollouts, update, agreement, timings, _setup.Reflection, learningRate, _cumulativeTokens, _seenFlags);
        row[MetricNames.SampledTokens] = _sampledTokens;
        foreach (var (name, value) in extraMetrics.Concat(Prefixed(evaluation ?? [])))
        {
            row[name] = value;
        }

        _metrics.Write(done, row);
        var (batch, scores) = rollouts.Sampled;
        _samples.Write(LoggedSamples.Pick([.. scores.Verdicts.Select(v => v.Verdict)], batch.GroupSize, settings.SamplesPerLog).Select(i =>
            new SampleRecord(done, batch.ProblemOf(i).Id, _setup.Prompts.Text(batch.ProblemOf(i).Prompt), batch.Completions[i].Text, scores.Rewards[i], scores.Verdicts[i].Verdict)));
        Last = new Dictionary<string, double>(row) { [MetricNames.Step] = done };

        var eta = TimeSpan.FromSeconds(_clock.Elapsed.TotalSeconds * (1 - Progress(done, _sampledTokens)) / Math.Max(1e-9, Progress(done, _sampledTokens) - Progress(Start, 0)));
        _logger.LogInformation(
            "{Stage} step {Step}/{Steps} reward {Reward:F3} pass {Pass:P1} len {Length:F0}{Kl} clip {Clip:P2}{Prm}{Eval} ({Seconds:F1}s: sample {Sample:F1} verify {Verify:F2} score {Score:F1} update {Update:F1}) ETA {Eta}",
            _setup.Stage, done, settings.Steps, row[MetricNames.Reward], row[MetricNames.PassRate], row[MetricNames.CompletionsMeanLength],
            row.TryGetValue(MetricNames.Kl, out var kl) ? $" kl {kl:F4}" : "", update.Clip.RegionMean,
            row.TryGetValue("prm/score_mean", out var prmScore) ? $" prm score {prmScore:F3} gap {row["prm/gap"]:+0.000;-0.000}" : "",
            evaluation is null ? "" : $" held-out pass@1 {evaluation["pass@1"]:P1}", timings.Total, timings.Sampling, timings.Verifying, timings.Scoring, timings.Updating,
            Supervised.Eta.Format(eta));
        // A stale sampler's log-probs differ from the trained policy's by k updates as well: the gap is then no sign of numerics.
        if (rollouts.Work.VersionLag == 0 && agreement.Warning(settings.OldLogProbs) is { } warning)
        {
            _logger.LogWarning("{Stage} step {Step}: {Warning}", _setup.Stage, done, warning);
        }

        if (done % settings.CheckpointEvery == 0 && !finished)
        {
            SaveCheckpoint(done);
        }
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _samples.Dispose();
    }

    /// <summary>Whether the budget of sampled completion tokens (when there is one) is used up.</summary>
    private bool BudgetSpent => _setup.Settings.MaxSampledTokens > 0 && _sampledTokens >= _setup.Settings.MaxSampledTokens;

    /// <summary>The fraction of the run done: of its steps, or of its token budget when that is further along.</summary>
    private double Progress(int steps, long sampledTokens)
    {
        var settings = _setup.Settings;
        return Math.Max((double)steps / settings.Steps, settings.MaxSampledTokens > 0 ? Math.Min(1.0, (double)sampledTokens / settings.MaxSampledTokens) : 0.0);
    }

    private static Dictionary<string, double> Prefixed(Dictionary<string, double> evaluation) =>
        evaluation.ToDictionary(kv => MetricNames.Eval(kv.Key), kv => kv.Value);

    private void SaveCheckpoint(int step)
    {
        var values = _seenFlags.ToDictionary(f => FlagPrefix + f, _ => 1.0);
        values[MetricNames.NumTokens] = _cumulativeTokens;
        values[MetricNames.SampledTokens] = _sampledTokens;
        var extraModels = new Dictionary<string, TransformerModel>(_extraModels ?? new Dictionary<string, TransformerModel>());
        foreach (var (name, model) in _heldPolicies(step))
        {
            extraModels[name] = model;
        }

        _setup.Checkpoints.Save(new TrainerState { Stage = _setup.Stage, Step = step, Seed = _setup.Seed, Values = values }, _setup.Policy, _setup.Tokenizer, _optimizer, extraModels);
        _logger.LogInformation("{Stage}: checkpoint at step {Step}", _setup.Stage, step);
    }
}
