namespace ReasonRL.Training.Losses;

/// <summary>
/// The KL penalty to the frozen reference, and the one place that decides what β = 0 means: no penalty anywhere, and
/// a reference pass only if the KL is monitored.
/// </summary>
/// <param name="Beta">β ≥ 0.</param>
/// <param name="Monitor">Measure the KL (as a metric) even when it is not penalised.</param>
public sealed record KlPenalty(double Beta, KlEstimator Estimator = KlEstimator.K3, KlPlacement Placement = KlPlacement.Loss, bool Monitor = true)
{
    /// <summary>No penalty at all.</summary>
    public static KlPenalty None { get; } = new(0, Monitor: false);

    /// <summary>β·KL is a term of the loss.</summary>
    public bool InLoss => Beta > 0 && Placement == KlPlacement.Loss;

    /// <summary>β·Σ KL is taken off each completion's reward.</summary>
    public bool InReward => Beta > 0 && Placement == KlPlacement.Reward;

    /// <summary>Whether the trainer needs reference log-probs: for the penalty, or only to measure the KL.</summary>
    public bool NeedsReference => Beta > 0 || Monitor;
}
