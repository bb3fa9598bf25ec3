namespace ReasonRL.Model.Tests.RealModels;

/// <summary>Tiny random-weight models of each supported family, with the features that set the family apart.</summary>
internal static class Families
{
    public static readonly IReadOnlyDictionary<string, TinyHfModel> All = new[]
    {
        // SmolLM2: Llama with grouped-query attention and tied embeddings.
        new TinyHfModel { Name = "smollm", ModelType = "llama", Heads = 4, KvHeads = 2, Tied = true, Theta = 100000,
            ExtraJson = """{"is_llama_config": true, "rope_interleaved": false, "pad_token_id": 0}""" },

        // Llama 3.2 style: multi-query attention, llama3 rope scaling, attention and MLP biases, untied head.
        new TinyHfModel { Name = "llama3", ModelType = "llama", Heads = 4, KvHeads = 1, QkvBias = true, OutputBias = true, MlpBias = true,
            Theta = 500000,
            RopeScalingJson = """{"factor": 4.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0, "original_max_position_embeddings": 16, "rope_type": "llama3"}""" },

        // Mistral v0.1 style: a sliding window shorter than the test sequences.
        new TinyHfModel { Name = "mistral", ModelType = "mistral", Heads = 4, KvHeads = 2, Window = 4, Theta = 1000000 },

        // Qwen2.5: q/k/v biases, GQA, tied, yarn in transformers 4's spelling ("type").
        new TinyHfModel { Name = "qwen2", ModelType = "qwen2", Heads = 4, KvHeads = 2, QkvBias = true, Tied = true,
            RopeScalingJson = """{"factor": 4.0, "original_max_position_embeddings": 16, "type": "yarn"}""" },

        // Qwen3: q/k RMSNorm, head_dim 16 (heads × head_dim = 64 ≠ hidden 32), GQA, linear scaling.
        new TinyHfModel { Name = "qwen3", ModelType = "qwen3", Heads = 4, KvHeads = 2, HeadDim = 16, QkNorm = true, Tied = true, Theta = 1000000,
            RopeScalingJson = """{"rope_type": "linear", "factor": 2.0}""" },

        // Qwen3 with attention_bias and DeepSeek-style yarn (mscale, mscale_all_dim, custom betas).
        new TinyHfModel { Name = "qwen3-yarn", ModelType = "qwen3", Heads = 4, KvHeads = 4, HeadDim = 16, QkNorm = true, QkvBias = true, OutputBias = true,
            RopeScalingJson = """{"rope_type": "yarn", "factor": 8.0, "mscale": 0.707, "mscale_all_dim": 1.0, "beta_fast": 16, "beta_slow": 2, "original_max_position_embeddings": 8}""" },
    }.ToDictionary(m => m.Name, StringComparer.Ordinal);

    public static TheoryData<string> Names => [.. All.Keys];
}
