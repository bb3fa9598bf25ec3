namespace ReasonRL.Core.Rl;

/// <summary>
/// How outcome advantages are scaled after subtracting the group mean (YAML: <c>group</c> | <c>batch</c> | <c>none</c>).
/// </summary>
public enum AdvantageScale
{
    /// <summary>Divide by the standard deviation of the group's rewards (DeepSeekMath's GRPO).</summary>
    Group,

    /// <summary>Divide by the standard deviation of all rewards in the batch (more robust when groups are small).</summary>
    Batch,

    /// <summary>No division: Dr. GRPO (arXiv 2503.20783 §3.2) argues the std term biases toward easy and hard questions.</summary>
    None,
}
