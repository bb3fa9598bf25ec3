namespace ReasonRL.Model.Sampling;

/// <summary>Why a row stopped.</summary>
public enum StopReason
{
    /// <summary>It sampled the end-of-sequence token (the last token id).</summary>
    Eos,

    /// <summary>Its text came to contain a stop string (the text ends with it).</summary>
    StopString,

    /// <summary>It reached the longest completion allowed (or the context length).</summary>
    Length,
}

/// <summary>
/// One sampled completion.
/// </summary>
/// <param name="TokenIds">The sampled tokens, eos included when it stopped there.</param>
/// <param name="Text">The decoded completion (special tokens left out), cut right after the stop string when it stopped on one.</param>
/// <param name="LogProbs">
/// Per token: its log-prob under the distribution it was actually drawn from — softmax(logits / temperature),
/// restricted to the top-k / top-p set and renormalised over it when those are on; 0 when greedy (a point mass).
/// The behaviour policy of importance sampling.
/// </param>
/// <param name="UntruncatedLogProbs">
/// Per token: its log-prob under softmax(logits / temperature) over the whole vocabulary (temperature 0 counts as 1),
/// which is what <c>LogProbScorer</c> computes with the same weights and temperature; the same array as
/// <paramref name="LogProbs"/> when nothing was truncated.
/// </param>
/// <param name="MaxNewTokens">This row's own length limit: max_new_tokens, or less where the context length cut it.</param>
public sealed record SampledCompletion(int[] TokenIds, string Text, float[] LogProbs, float[] UntruncatedLogProbs, StopReason StopReason, int MaxNewTokens);
