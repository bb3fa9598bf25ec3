namespace ReasonRL.Model;

/// <summary>
/// The Hugging Face architecture a checkpoint is written as (<c>model_type</c> in config.json). SmolLM is
/// <see cref="Llama"/>. The project's own llama-style presets are <see cref="Llama"/> too; presets with other norms,
/// positions or MLPs are written as <c>reasonrl</c>.
/// </summary>
public enum ModelFamily
{
    /// <summary><c>LlamaForCausalLM</c>: optional <c>attention_bias</c> (q, k, v and o) and <c>mlp_bias</c>; SmolLM too.</summary>
    Llama,

    /// <summary><c>MistralForCausalLM</c>: no biases; an optional sliding attention window.</summary>
    Mistral,

    /// <summary><c>Qwen2ForCausalLM</c>: biases on q, k and v (not o).</summary>
    Qwen2,

    /// <summary><c>Qwen3ForCausalLM</c>: RMSNorm of every query and key head before the rotation; optional <c>attention_bias</c>.</summary>
    Qwen3,
}
