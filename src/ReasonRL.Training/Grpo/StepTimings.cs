using System.Diagnostics;

namespace ReasonRL.Training.Grpo;

/// <summary>
/// Seconds of one GRPO step spent in each phase: sampling, verifying, step rewards (e.g. a process reward model's
/// pass), scoring (reference / old-policy passes), updating, evaluating.
/// </summary>
public sealed record StepTimings(double Sampling, double Verifying, double StepRewards, double Scoring, double Updating, double Evaluating)
{
    public double Total => Sampling + Verifying + StepRewards + Scoring + Updating + Evaluating;
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

    public StepTimings Timings => new(
        _seconds[(int)StepPhase.Sampling], _seconds[(int)StepPhase.Verifying], _seconds[(int)StepPhase.StepRewards],
        _seconds[(int)StepPhase.Scoring], _seconds[(int)StepPhase.Updating], _seconds[(int)StepPhase.Evaluating]);
}
