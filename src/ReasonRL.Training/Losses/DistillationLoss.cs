using static TorchSharp.torch;

namespace ReasonRL.Training.Losses;

/// <summary>
/// Logit-level distillation losses as pure functions of logits (Agarwal et al., "On-Policy Distillation of Language
/// Models: Learning from Self-Generated Mistakes" (GKD), arXiv 2306.13649, §3). Shapes: (B, T, V) logits of the
/// student and the teacher at the same positions of the same sequences, (B, T) 0/1 mask of the positions trained on.
/// The teacher is a constant: its logits are detached here.
/// </summary>
/// <remarks>
/// Temperature τ divides both sets of logits before the softmax (TRL's GKDTrainer does the same). Hinton et al.'s τ²
/// rescaling of the gradient is not applied: with τ = 1, the default, the two agree.
/// </remarks>
public static class DistillationLoss
{
    /// <summary>
    /// The divergence at every position, summed over the vocabulary: (B, T).
    /// <list type="bullet">
    /// <item>forward KL: Σ_v p_T(v) (log p_T(v) − log p_S(v))</item>
    /// <item>reverse KL: Σ_v p_S(v) (log p_S(v) − log p_T(v))</item>
    /// <item>JSD(β) = β·KL(p_T ‖ M) + (1 − β)·KL(p_S ‖ M) with M = β·p_T + (1 − β)·p_S (GKD §3). JSD(β)/β tends to
    /// the forward KL as β → 0 and JSD(β)/(1 − β) to the reverse KL as β → 1; JSD(0.5) is the symmetric
    /// Jensen-Shannon divergence, at most log 2.</item>
    /// </list>
    /// </summary>
    /// <param name="studentLogits">(B, T, V), with grad.</param>
    /// <param name="teacherLogits">(B, T, V).</param>
    /// <param name="beta">GKD's β, used by <see cref="Divergence.Jsd"/> only; must be in (0, 1).</param>
    public static Tensor PerToken(Tensor studentLogits, Tensor teacherLogits, Divergence divergence, double beta = 0.5, double temperature = 1.0)
    {
        if (!studentLogits.shape.SequenceEqual(teacherLogits.shape))
        {
            throw new ArgumentException(
                $"student logits [{string.Join(", ", studentLogits.shape)}] and teacher logits [{string.Join(", ", teacherLogits.shape)}] differ in shape");
        }

        if (!(temperature > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "must be positive");
        }

        var studentLogProbs = (studentLogits / temperature).log_softmax(-1);          // (B, T, V)
        var teacherLogProbs = (teacherLogits.detach() / temperature).log_softmax(-1); // (B, T, V)
        switch (divergence)
        {
            case Divergence.ForwardKl:
                return KullbackLeibler(teacherLogProbs, studentLogProbs);
            case Divergence.ReverseKl:
                return KullbackLeibler(studentLogProbs, teacherLogProbs);
            case Divergence.Jsd:
                if (!(beta > 0 && beta < 1))
                {
                    throw new ArgumentOutOfRangeException(nameof(beta), beta, "JSD(β) needs β in (0, 1); use forward_kl or reverse_kl for the limits");
                }

                // log M = log(β·p_T + (1 − β)·p_S), computed in log space for stability.
                var mixture = stack([teacherLogProbs + Math.Log(beta), studentLogProbs + Math.Log(1 - beta)]).logsumexp(0);
                return (beta * KullbackLeibler(teacherLogProbs, mixture)) + ((1 - beta) * KullbackLeibler(studentLogProbs, mixture));
            default:
                throw new ArgumentOutOfRangeException(nameof(divergence), divergence, null);
        }
    }

    /// <summary>KL(P ‖ Q) = Σ_v P(v)(log P(v) − log Q(v)) over the last dimension, from log-probabilities.</summary>
    private static Tensor KullbackLeibler(Tensor logP, Tensor logQ) => (logP.exp() * (logP - logQ)).sum(-1);
}
