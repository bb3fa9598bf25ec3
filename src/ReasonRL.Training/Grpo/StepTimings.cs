namespace ReasonRL.Training.Grpo;

/// <summary>Seconds of one GRPO step spent in each phase: sampling, verifying, scoring (reference / old-policy passes), updating.</summary>
public sealed record StepTimings(double Sampling, double Verifying, double Scoring, double Updating, double Evaluating)
{
    public double Total => Sampling + Verifying + Scoring + Updating + Evaluating;
}
