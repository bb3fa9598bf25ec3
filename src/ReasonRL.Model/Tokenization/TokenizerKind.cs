namespace ReasonRL.Model.Tokenization;

/// <summary>The tokenizers ReasonRL reads and writes as Hugging Face <c>tokenizer.json</c>.</summary>
public enum TokenizerKind
{
    /// <summary>One token per character (Unicode scalar) of the task families' alphabets, plus pad, bos and eos.</summary>
    Character,

    /// <summary>A byte-level BPE (GPT-2 style) brought from a real model's <c>tokenizer.json</c>.</summary>
    ByteLevelBpe,
}
