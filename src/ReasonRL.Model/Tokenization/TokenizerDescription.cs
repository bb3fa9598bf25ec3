namespace ReasonRL.Model.Tokenization;

/// <summary>A token of <c>added_tokens</c> in a <c>tokenizer.json</c>.</summary>
public sealed record AddedToken(int Id, string Content, bool Special);

/// <summary>
/// The parts of a Hugging Face <c>tokenizer.json</c> that ReasonRL uses: the BPE model (vocabulary and merges), the
/// added tokens, and the byte-level pre-tokenizer's split pattern.
/// </summary>
/// <param name="Vocabulary">model.vocab: token text → id.</param>
/// <param name="Merges">model.merges, in priority order, each as "left right".</param>
/// <param name="SplitPattern">The regular expression that splits text into words before BPE (byte-level only).</param>
/// <param name="NormalizeNfc">The normalizer is NFC (as in Qwen's tokenizers); otherwise there is none.</param>
public sealed record TokenizerDescription(
    TokenizerKind Kind,
    IReadOnlyDictionary<string, int> Vocabulary,
    IReadOnlyList<string> Merges,
    IReadOnlyList<AddedToken> AddedTokens,
    string? SplitPattern,
    bool NormalizeNfc)
{
    /// <summary>One more than the largest id of the vocabulary and the added tokens.</summary>
    public int VocabSize => Math.Max(
        Vocabulary.Count == 0 ? 0 : Vocabulary.Values.Max() + 1,
        AddedTokens.Count == 0 ? 0 : AddedTokens.Max(t => t.Id) + 1);
}
