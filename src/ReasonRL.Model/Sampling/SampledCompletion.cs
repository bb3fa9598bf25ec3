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
/// Per token: log p(token) under softmax(logits / temperature) — after temperature, before top-k/top-p truncation
/// (temperature 0 counts as 1) — which is what <c>LogProbScorer</c> computes with the same temperature.
/// </param>
public sealed record SampledCompletion(int[] TokenIds, string Text, float[] LogProbs, StopReason StopReason);
