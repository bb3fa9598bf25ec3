namespace ReasonRL.Model.Sampling;

/// <summary>How to sample completions (the names of Hugging Face's <c>GenerationConfig</c>).</summary>
public sealed record SamplingOptions
{
    /// <summary>Divides the logits; 0 means greedy (always the most likely token).</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Sample among the K most likely tokens only; 0 = off.</summary>
    public int TopK { get; init; }

    /// <summary>Nucleus sampling: among the most likely tokens whose probabilities add up to P; 1 = off.</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Longest completion in tokens (the context length may cut a row earlier).</summary>
    public int MaxNewTokens { get; init; } = 256;

    /// <summary>A row stops as soon as its text contains one of these; the text ends with it.</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    /// <summary>A row stops at the tokenizer's end-of-sequence token (kept as the last token id, not in the text).</summary>
    public bool StopAtEos { get; init; } = true;

    /// <summary>Drop finished rows from the batch once at most this fraction of its rows is still running.</summary>
    public double CompactWhenActiveFraction { get; init; } = 0.75;

    /// <summary>
    /// Batches decoded at once, each on its own thread with single-threaded kernels: the requests are cut, in order,
    /// into this many parts of nearly equal size (never more parts than requests). 1 decodes one batch whose kernels
    /// use libtorch's intra-op threads. Small decoding kernels leave those threads waiting on each other, so on the
    /// CPU as many streams as cores decode faster (README, "Speed of KV-cache sampling"); a request's tokens and
    /// log-probs then depend on the part it is in only by float rounding (the batch size of its matrix products).
    /// </summary>
    public int Streams { get; init; } = 1;

    public IEnumerable<string> Problems()
    {
        if (!(Temperature >= 0) || double.IsInfinity(Temperature)) yield return $"temperature must be >= 0, got {Temperature}";
        if (TopK < 0) yield return $"top_k must be >= 0, got {TopK}";
        if (!(TopP > 0 && TopP <= 1)) yield return $"top_p must be in (0, 1], got {TopP}";
        if (MaxNewTokens <= 0) yield return $"max_new_tokens must be positive, got {MaxNewTokens}";
        if (StopStrings.Any(string.IsNullOrEmpty)) yield return "stop strings must not be empty";
        if (Streams < 1) yield return $"streams must be >= 1, got {Streams}";
        if (!(CompactWhenActiveFraction >= 0 && CompactWhenActiveFraction <= 1)) yield return $"compact_when_active_fraction must be in [0, 1], got {CompactWhenActiveFraction}";
    }
}
