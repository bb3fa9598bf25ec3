namespace ReasonRL.Model.Tokenization;

/// <summary>The tokenizers ReasonRL reads and writes as Hugging Face <c>tokenizer.json</c>.</summary>
public enum TokenizerKind
{
    /// <summary>One token per character (Unicode scalar) of the task families' alphabets, plus pad, bos and eos.</summary>
    Character,

    /// <summary>A byte-level BPE (GPT-2 style: GPT-2, Llama-3, Qwen2/3, SmolLM, DeepSeek-V3) from a real model's <c>tokenizer.json</c>.</summary>
    ByteLevelBpe,

    /// <summary>A BPE over characters with "▁" for spaces and byte fallback (SentencePiece style: Llama-2, Mistral, TinyLlama, Gemma).</summary>
    SentencePieceBpe,
}
