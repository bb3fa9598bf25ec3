namespace ReasonRL.Training.Grpo;

/// <summary>
/// Seconds of one GRPO step spent in each phase: sampling, verifying, step rewards (e.g. a process reward model's
/// pass), scoring (reference / old-policy passes), updating, evaluating.
/// </summary>
public sealed record StepTimings(double Sampling, double Verifying, double StepRewards, double Scoring, double Updating, double Evaluating)
{
    public double Total => Sampling + Verifying + StepRewards + Scoring + Updating + Evaluating;
}
