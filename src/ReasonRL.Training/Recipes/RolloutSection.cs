using ReasonRL.Training.Rollout;

namespace ReasonRL.Training.Recipes;

/// <summary>Where a step's rollout units run (YAML: <c>local</c> | <c>cluster</c>).</summary>
public enum RolloutWorkersKind
{
    /// <summary>In the trainer's own process, one unit after another.</summary>
    Local,

    /// <summary>On <c>reasonrl worker</c> processes of an Orleans cluster, several units at once.</summary>
    Cluster,
}

/// <summary>
/// How a <c>grpo</c> stage spreads sampling and verification: each step's groups are split into <see cref="Partitions"/>
/// work units, each a pure function of (policy version, problems, seeds), run in-process or on cluster workers. The
/// same partitions give the same metrics wherever the units run (with the same thread count per worker).
/// </summary>
public sealed record RolloutSection : IValidatedSection
{
    public RolloutWorkersKind Workers { get; init; } = RolloutWorkersKind.Local;

    /// <summary>Work units per sampling round; each holds whole groups, so it is at most prompts_per_step.</summary>
    public int Partitions { get; init; } = 1;

    /// <summary>
    /// Cluster membership, with <c>workers: cluster</c>: <c>localhost</c> or <c>localhost:PORT</c> (development: the
    /// first worker on this machine keeps the membership, no server needed) or <c>redis://HOST:PORT</c>.
    /// </summary>
    public string Cluster { get; init; } = "localhost";

    /// <summary>
    /// A folder every worker can read where the trainer publishes each policy version's weights (safetensors); empty:
    /// <c>weights/</c> in the stage's run folder, which is enough when the workers share this machine's disk.
    /// </summary>
    public string WeightsFolder { get; init; } = "";

    /// <summary>
    /// k, how many updates old the sampling policy may be: step t samples from version max(0, t − k), so the rollouts
    /// of later steps sample while the trainer updates (see <see cref="StalenessSchedule"/>). 0: synchronous.
    /// </summary>
    public int MaxStaleness { get; init; }

    /// <summary>The largest <see cref="MaxStaleness"/> accepted: a frozen copy of the policy is held per version in flight.</summary>
    public const int MaxStalenessLimit = 8;

    public IEnumerable<SectionProblem> Validate()
    {
        if (Partitions <= 0) yield return new("partitions", $"must be positive, got {Partitions}");
        if (MaxStaleness is < 0 or > MaxStalenessLimit)
            yield return new("max_staleness", $"must be from 0 (synchronous) to {MaxStalenessLimit} (updates the sampling policy may lag), got {MaxStaleness}");
        if (ClusterAddress.Parse(Cluster) is { Problem: { } problem }) yield return new("cluster", problem);
    }
}
