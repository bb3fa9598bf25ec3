namespace ReasonRL.Training.Losses;

/// <summary>
/// Which divergence between the teacher's and the student's next-token distributions logit-level distillation
/// minimises (YAML: <c>forward_kl</c> | <c>reverse_kl</c> | <c>jsd</c>).
/// </summary>
public enum Divergence
{
    /// <summary>KL(p_T ‖ p_S): mode-covering, the classic word-level KD loss (Hinton et al. 2015).</summary>
    ForwardKl,

    /// <summary>KL(p_S ‖ p_T): mode-seeking (MiniLLM, arXiv 2306.08543).</summary>
    ReverseKl,

    /// <summary>GKD's generalised Jensen-Shannon divergence JSD(β) (arXiv 2306.13649, §3), β in (0, 1).</summary>
    Jsd,
}
