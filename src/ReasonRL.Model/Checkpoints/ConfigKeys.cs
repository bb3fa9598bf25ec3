namespace ReasonRL.Model.Checkpoints;

/// <summary>
/// The <c>config.json</c> keys that do not change what a model computes, so a loader may pass over them: the
/// bookkeeping every transformers config carries (version, dtype, token ids, initialisation, generation defaults of
/// old configs) and a few family leftovers that transformers itself ignores. Every other key must be one the reader
/// understands, or loading fails naming it.
/// </summary>
internal static class ConfigKeys
{
    public static readonly IReadOnlySet<string> WithoutEffect = new HashSet<string>(StringComparer.Ordinal)
    {
        // Identity and bookkeeping.
        "architectures", "model_type", "transformers_version", "_name_or_path", "torch_dtype", "dtype", "use_cache",
        "initializer_range", "bos_token_id", "eos_token_id", "pad_token_id", "sep_token_id", "decoder_start_token_id",
        "tokenizer_class", "num_labels", "id2label", "label2id", "problem_type", "finetuning_task", "prefix",
        "task_specific_params", "pruned_heads", "output_attentions", "output_hidden_states", "return_dict",
        "torchscript", "use_bfloat16", "tf_legacy_loss", "chunk_size_feed_forward", "is_decoder", "is_encoder_decoder",
        "add_cross_attention", "cross_attention_hidden_size", "tie_encoder_decoder",

        // Generation defaults that old configs carried (generation_config.json holds them now).
        "max_length", "min_length", "do_sample", "early_stopping", "num_beams", "num_beam_groups", "diversity_penalty",
        "temperature", "top_k", "top_p", "typical_p", "repetition_penalty", "length_penalty", "no_repeat_ngram_size",
        "encoder_no_repeat_ngram_size", "bad_words_ids", "num_return_sequences", "output_scores",
        "return_dict_in_generate", "forced_bos_token_id", "forced_eos_token_id", "remove_invalid_values",
        "exponential_decay_length_penalty", "suppress_tokens", "begin_suppress_tokens",

        // Llama's tensor-parallel slicing of pretraining: the same sums in another order.
        "pretraining_tp",

        // SmolLM's nanotron export leaves these; transformers' Llama reads neither.
        "is_llama_config", "rope_interleaved",
    };
}
