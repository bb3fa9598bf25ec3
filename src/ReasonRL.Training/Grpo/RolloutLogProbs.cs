using ReasonRL.Model.Scoring;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Losses;
using static TorchSharp.torch;

namespace ReasonRL.Training.Grpo;

/// <summary>How a step's rollouts are scored.</summary>
/// <param name="OldLogProbs">π_old from the sampler's recorded log-probs or recomputed by the trainer.</param>
/// <param name="MaskTruncated">Leave completions cut at their length limit out of the loss (DAPO's overlong filtering).</param>
/// <param name="MinibatchRows">Rows per no-grad scoring pass (bounds memory).</param>
/// <param name="Temperature">The sampling temperature: the trainer's distribution is softmax(logits / T).</param>
public sealed record ScoringOptions(OldLogProbSource OldLogProbs, bool MaskTruncated, int MinibatchRows, double Temperature, int PadId, int Streams = 1);

/// <summary>
/// Step 3 of GRPO: the per-token tensors of a step's trained rollouts, (N, T) each, aligned with the tokens of
/// <see cref="Sequences"/> (prompt then completion, right-padded).
/// </summary>
/// <param name="CompletionMask">1 on the completion tokens trained on: rows whose verification failed (and, with
/// overlong filtering, rows cut at their limit) are 0.</param>
/// <param name="OldLogProbs">log π_old: the sampling policy under the trainer's distribution (see <see cref="OldLogProbSource"/>).</param>
/// <param name="SamplerLogProbs">The sampler's log-probs under the distribution it actually drew from (top-k/top-p included).</param>
/// <param name="RefLogProbs">log π_ref; null without a reference.</param>
/// <param name="SamplerGap">|log π_trainer − log π_sampler| of the untruncated log-probs, when the trainer recomputed π_old.</param>
public sealed record RolloutLogProbs(Tensor Sequences, Tensor CompletionMask, Tensor OldLogProbs, Tensor SamplerLogProbs, Tensor? RefLogProbs, TokenStatistics? SamplerGap)
{
    public static RolloutLogProbs Score(ScoredRollouts rollouts, TransformerModel policy, TransformerModel? reference, ScoringOptions options)
    {
        var batch = rollouts.Batch;
        var rows = Enumerable.Range(0, batch.Count).ToArray();
        var trained = rows.Select(i => rollouts.Scores.Valid[i] && !(options.MaskTruncated && RewardScores.Truncated(batch.Completions[i]))).ToArray();
        var (sequences, completionMask) = batch.Tensors(rows, trained, options.PadId, policy.Device);
        var samplerLogProbs = batch.CompletionValues(rows, c => c.LogProbs, policy.Device);
        var untruncated = batch.CompletionValues(rows, c => c.UntruncatedLogProbs, policy.Device);
        var refLogProbs = reference is null ? null : Score(reference, sequences, completionMask, options);
        if (options.OldLogProbs == OldLogProbSource.Sampler)
        {
            return new(sequences, completionMask, untruncated * completionMask, samplerLogProbs * completionMask, refLogProbs, null);
        }

        var oldLogProbs = Score(policy, sequences, completionMask, options);
        return new(sequences, completionMask, oldLogProbs, samplerLogProbs * completionMask, refLogProbs, TokenStatistics.Gap(oldLogProbs, untruncated, completionMask));
    }

    /// <summary>The TIS weights min(π_old/π_sampler, C) per token; null without the correction.</summary>
    public Tensor? ImportanceWeights(SamplerCorrection correction, double cap) =>
        correction == SamplerCorrection.Tis ? PolicyLoss.TruncatedImportanceWeights(OldLogProbs, SamplerLogProbs, cap) : null;

    /// <summary>
    /// Per row, Σ_t KL_t of π_old against π_ref over its trained tokens: what a KL penalty in the reward takes off,
    /// times β (InstructGPT, arXiv 2203.02155 eq. 2).
    /// </summary>
    public double[] SequenceKl(KlEstimator estimator)
    {
        if (RefLogProbs is null)
        {
            throw new InvalidOperationException("a KL penalty in the reward needs the reference's log-probs");
        }

        using var scope = NewDisposeScope();
        return (PolicyLoss.Kl(OldLogProbs, RefLogProbs, estimator) * CompletionMask).sum(1).to_type(ScalarType.Float64).data<double>().ToArray();
    }

    private static Tensor Score(TransformerModel model, Tensor sequences, Tensor completionMask, ScoringOptions options) =>
        LogProbScorer.ScoreWithoutGrad(model, sequences, completionMask, options.MinibatchRows, options.Temperature, streams: options.Streams).LogProbs;
}
