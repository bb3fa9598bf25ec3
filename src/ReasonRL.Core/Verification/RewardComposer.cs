using ReasonRL.Core.Records;

namespace ReasonRL.Core.Verification;

/// <summary>
/// A weighted sum of verifiers' rewards, e.g. correctness × 1.0 + format × 0.1 (DeepSeek-R1's accuracy and format
/// rewards), keeping every verifier's verdict for logging.
/// </summary>
/// <remarks>
/// Combination rule (<see cref="Compose"/>): if any verifier reports <see cref="Outcome.Error"/>, the combined
/// verdict is an error too (reward 0, detail naming the verifier), because an infrastructure failure must never
/// become a reward. Otherwise the reward is Σ weight·reward, and the outcome, steps and detail are those of the
/// FIRST component (put the correctness verifier first); the flags are the union of all components' flags.
/// A verifier that throws instead of judging (a bug, or a completion it did not foresee) gives that completion an
/// error verdict flagged <see cref="VerdictFlags.VerifierFailure"/>, so one completion can never stop a whole run;
/// trainers log the flag's rate, so the failure is seen, and error verdicts take no part in training.
/// </remarks>
public sealed class RewardComposer
{
    private readonly RewardComponent[] _components;

    public RewardComposer(IReadOnlyList<RewardComponent> components)
    {
        if (components.Count == 0)
        {
            throw new ArgumentException("a reward needs at least one verifier", nameof(components));
        }

        var duplicate = components.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"verifier '{duplicate.Key}' appears twice in one reward", nameof(components));
        }

        var bad = components.FirstOrDefault(c => !double.IsFinite(c.Weight));
        if (bad is not null)
        {
            throw new ArgumentException($"the weight of '{bad.Name}' is not a finite number", nameof(components));
        }

        _components = [.. components];
        Names = [.. components.Select(c => c.Name)];
    }

    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<RewardComponent> Components => _components;

    /// <summary>Calls worth having in flight: the most any component can use.</summary>
    public int Concurrency => _components.Max(c => c.Verifier.Concurrency);

    public async ValueTask<ComposedVerdict> ScoreAsync(Problem problem, string completion, CancellationToken cancellationToken)
    {
        var verdicts = new Verdict[_components.Length];
        for (var i = 0; i < _components.Length; i++)
        {
            verdicts[i] = await VerifyAsync(_components[i], problem, completion, cancellationToken).ConfigureAwait(false);
        }

        return Compose(_components, verdicts);
    }

    private static async ValueTask<Verdict> VerifyAsync(RewardComponent component, Problem problem, string completion, CancellationToken cancellationToken)
    {
        try
        {
            return await component.Verifier.VerifyAsync(problem, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return new Verdict(0.0, Outcome.Error, [VerdictFlags.VerifierFailure], null, $"the verifier failed: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Combines one verdict per component; pure (see the remarks of <see cref="RewardComposer"/>).</summary>
    public static ComposedVerdict Compose(IReadOnlyList<RewardComponent> components, IReadOnlyList<Verdict> verdicts)
    {
        if (components.Count != verdicts.Count || components.Count == 0)
        {
            throw new ArgumentException("expected one verdict per component", nameof(verdicts));
        }

        var names = components.Select(c => c.Name).ToArray();
        for (var i = 0; i < verdicts.Count; i++)
        {
            if (verdicts[i].Outcome == Outcome.Error)
            {
                return new ComposedVerdict(new Verdict(0.0, Outcome.Error, verdicts[i].Flags, null, $"{names[i]}: {verdicts[i].Detail}"), names, verdicts);
            }
        }

        var reward = 0.0;
        for (var i = 0; i < verdicts.Count; i++)
        {
            reward += components[i].Weight * verdicts[i].Reward;
        }

        var first = verdicts[0];
        var flags = verdicts.SelectMany(v => v.Flags).Distinct(StringComparer.Ordinal).ToArray();
        return new ComposedVerdict(new Verdict(reward, first.Outcome, flags, first.Steps, first.Detail), names, verdicts);
    }
}
