using System.Diagnostics;

namespace ReasonRL.Training.Grpo;

/// <summary>
/// Seconds of one GRPO step spent in each phase: sampling, verifying, step rewards (e.g. a process reward model's
/// pass), scoring (reference / old-policy passes), updating, evaluating.
/// </summary>
public sealed record StepTimings(double Sampling, double Verifying, double StepRewards, double Scoring, double Updating, double Evaluating)
{
    /// <summary>
    /// Seconds of the step's sampling and verifying that ran beside the trainer's update of earlier steps (under
    /// <c>max_staleness</c>), so not in the step's own time; 0 for synchronous steps.
    /// </summary>
    public double Hidden { get; init; }

    /// <summary>The step's time in the trainer: its phases, less what ran beside earlier steps.</summary>
    public double Total => Sampling + Verifying + StepRewards + Scoring + Updating + Evaluating - Hidden;
}

/// <summary>The phases of a GRPO step that <see cref="StepTimer"/> times.</summary>
public enum StepPhase
{
    Sampling,
    Verifying,
    StepRewards,
    Scoring,
    Updating,
    Evaluating,
}

/// <summary>Adds up the seconds a step spends in each phase, so the loop can time a phase by wrapping one call.</summary>
public sealed class StepTimer
{
    private readonly double[] _seconds = new double[Enum.GetValues<StepPhase>().Length];
    private double _hidden;

    public T Time<T>(StepPhase phase, Func<T> work)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            return work();
        }
        finally
        {
            _seconds[(int)phase] += clock.Elapsed.TotalSeconds;
        }
    }

    public async Task<T> TimeAsync<T>(StepPhase phase, Func<Task<T>> work)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            _seconds[(int)phase] += clock.Elapsed.TotalSeconds;
        }
    }

    /// <summary>Adds seconds measured elsewhere (e.g. by the worker that ran a rollout unit) to a phase.</summary>
    public void Add(StepPhase phase, double seconds) => _seconds[(int)phase] += seconds;

    /// <summary>Marks seconds of the step's phases as spent beside earlier steps rather than in this one (see <see cref="StepTimings.Hidden"/>).</summary>
    public void Hide(double seconds) => _hidden += seconds;

    public StepTimings Timings => new(
        _seconds[(int)StepPhase.Sampling], _seconds[(int)StepPhase.Verifying], _seconds[(int)StepPhase.StepRewards],
        _seconds[(int)StepPhase.Scoring], _seconds[(int)StepPhase.Updating], _seconds[(int)StepPhase.Evaluating]) { Hidden = _hidden };
}
