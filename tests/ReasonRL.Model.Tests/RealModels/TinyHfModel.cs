using System.Globalization;
using System.Text.Json.Nodes;
using ReasonRL.Model.Checkpoints;
using static TorchSharp.torch;

namespace ReasonRL.Model.Tests.RealModels;

/// <summary>
/// A tiny random-weight model of a Hugging Face family, described with the test's own plain fields (not the project's
/// <see cref="TransformerConfig"/>), written by the test in transformers' folder layout: a <c>config.json</c> with the
/// family's own keys, the weights under transformers' names (one file, or shards with an index, in F32, BF16 or F16),
/// and a tokenizer. <see cref="LoopReference"/> computes the same model from <see cref="Weights"/> directly.
/// </summary>
internal sealed record TinyHfModel
{
    public required string Name { get; init; }

    public required string ModelType { get; init; }

    public int Hidden { get; init; } = 32;

    public int Layers { get; init; } = 2;

    public int Heads { get; init; } = 4;

    public int KvHeads { get; init; } = 2;

    public int HeadDim { get; init; } = 8;

    public int Intermediate { get; init; } = 48;

    public int Vocab { get; init; } = TestModels.Tokenizer.VocabSize + 5;

    public int MaxPositions { get; init; } = 64;

    public double Eps { get; init; } = 1e-6;

    public double Theta { get; init; } = 10000.0;

    public bool Tied { get; init; }

    public bool QkvBias { get; init; }

    public bool OutputBias { get; init; }

    public bool MlpBias { get; init; }

    public bool QkNorm { get; init; }

    public int? Window { get; init; }

    /// <summary>The <c>rope_scaling</c> object exactly as a config.json holds it, or null.</summary>
    public string? RopeScalingJson { get; init; }

    /// <summary>Keys a real config of the family carries besides the architecture (written as they are).</summary>
    public string ExtraJson { get; init; } = "{}";

    public ulong Seed { get; init; } = 11;

    /// <summary>The weights by transformers' name: shape and float values (row-major), drawn afresh from <see cref="Seed"/> on every call.</summary>
    public IReadOnlyDictionary<string, (long[] Shape, float[] Values)> Weights => DrawWeights();

    /// <summary>The config.json transformers would write for this model.</summary>
    public string ConfigJson()
    {
        var config = new JsonObject
        {
            ["architectures"] = new JsonArray(ModelType switch { "llama" => "LlamaForCausalLM", "mistral" => "MistralForCausalLM", "qwen2" => "Qwen2ForCausalLM", _ => "Qwen3ForCausalLM" }),
            ["model_type"] = ModelType,
            ["hidden_size"] = Hidden,
            ["intermediate_size"] = Intermediate,
            ["num_hidden_layers"] = Layers,
            ["num_attention_heads"] = Heads,
            ["num_key_value_heads"] = KvHeads,
            ["max_position_embeddings"] = MaxPositions,
            ["vocab_size"] = Vocab,
            ["rms_norm_eps"] = Eps,
            ["rope_theta"] = Theta,
            ["hidden_act"] = "silu",
            ["initializer_range"] = 0.02,
            ["torch_dtype"] = "bfloat16",
            ["transformers_version"] = "4.51.0",
            ["use_cache"] = true,
            ["bos_token_id"] = TestModels.Tokenizer.BosId,
            ["eos_token_id"] = TestModels.Tokenizer.EosId,
            ["attention_dropout"] = 0.0,
        };
        if (HeadDim != Hidden / Heads || ModelType == "qwen3")
        {
            config["head_dim"] = HeadDim;
        }

        if (Tied)
        {
            config["tie_word_embeddings"] = true; // absent means false in transformers
        }

        config["rope_scaling"] = RopeScalingJson is null ? null : JsonNode.Parse(RopeScalingJson);
        switch (ModelType)
        {
            case "llama":
                config["attention_bias"] = QkvBias;
                config["mlp_bias"] = MlpBias;
                config["pretraining_tp"] = 1;
                break;
            case "mistral":
                config["sliding_window"] = Window;
                break;
            case "qwen2":
                config["use_sliding_window"] = false;
                config["sliding_window"] = 4096;
                config["max_window_layers"] = 21;
                break;
            case "qwen3":
                config["attention_bias"] = QkvBias;
                config["use_sliding_window"] = false;
                config["sliding_window"] = null;
                config["max_window_layers"] = Layers;
                break;
            default:
                throw new InvalidOperationException(ModelType);
        }

        foreach (var (key, value) in JsonNode.Parse(ExtraJson)!.AsObject())
        {
            config[key] = value?.DeepClone();
        }

        return config.ToJsonString();
    }

    /// <summary>
    /// Writes the folder. <paramref name="shards"/> &gt; 1 splits the tensors over that many files with an index;
    /// <paramref name="dtypeOf"/> chooses each tensor's stored dtype (F32 when null).
    /// </summary>
    public string Write(string folder, int shards = 1, Func<string, ScalarType>? dtypeOf = null)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), ConfigJson());
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), TestModels.Tokenizer.ToJson());
        var weights = Weights;
        var names = weights.Keys.Order(StringComparer.Ordinal).ToList();
        using var scope = NewDisposeScope();
        var tensors = names.ToDictionary(
            n => n,
            n => tensor(weights[n].Values, weights[n].Shape).to_type(dtypeOf?.Invoke(n) ?? ScalarType.Float32),
            StringComparer.Ordinal);
        if (shards <= 1)
        {
            SafeTensors.Save(Path.Combine(folder, "model.safetensors"), tensors, new Dictionary<string, string> { ["format"] = "pt" });
            return folder;
        }

        var weightMap = new JsonObject();
        for (var shard = 0; shard < shards; shard++)
        {
            var file = string.Create(CultureInfo.InvariantCulture, $"model-{shard + 1:D5}-of-{shards:D5}.safetensors");
            var part = names.Where((_, i) => i % shards == shard).ToDictionary(n => n, n => tensors[n], StringComparer.Ordinal);
            SafeTensors.Save(Path.Combine(folder, file), part, new Dictionary<string, string> { ["format"] = "pt" });
            foreach (var name in part.Keys)
            {
                weightMap[name] = file;
            }
        }

        var index = new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = 0 }, ["weight_map"] = weightMap };
        File.WriteAllText(Path.Combine(folder, "model.safetensors.index.json"), index.ToJsonString());
        return folder;
    }

    public override string ToString() => Name;

    private Dictionary<string, (long[], float[])> DrawWeights()
    {
        var random = new Random((int)Seed);
        var weights = new Dictionary<string, (long[], float[])>(StringComparer.Ordinal);
        void Add(string name, float center, float spread, params long[] shape)
        {
            var count = shape.Aggregate(1L, (a, b) => a * b);
            weights[name] = (shape, [.. Enumerable.Range(0, (int)count).Select(_ => center + (spread * ((2 * random.NextSingle()) - 1)))]);
        }

        Add("model.embed_tokens.weight", 0, 1.0f, Vocab, Hidden);
        for (var layer = 0; layer < Layers; layer++)
        {
            var p = $"model.layers.{layer}.";
            Add(p + "input_layernorm.weight", 1, 0.3f, Hidden);
            Add(p + "post_attention_layernorm.weight", 1, 0.3f, Hidden);
            Add(p + "self_attn.q_proj.weight", 0, 0.4f, Heads * HeadDim, Hidden);
            Add(p + "self_attn.k_proj.weight", 0, 0.4f, KvHeads * HeadDim, Hidden);
            Add(p + "self_attn.v_proj.weight", 0, 0.4f, KvHeads * HeadDim, Hidden);
            Add(p + "self_attn.o_proj.weight", 0, 0.3f, Hidden, Heads * HeadDim);
            if (QkvBias)
            {
                Add(p + "self_attn.q_proj.bias", 0, 0.3f, Heads * HeadDim);
                Add(p + "self_attn.k_proj.bias", 0, 0.3f, KvHeads * HeadDim);
                Add(p + "self_attn.v_proj.bias", 0, 0.3f, KvHeads * HeadDim);
            }

            if (OutputBias)
            {
                Add(p + "self_attn.o_proj.bias", 0, 0.3f, Hidden);
            }

            if (QkNorm)
            {
                Add(p + "self_attn.q_norm.weight", 1, 0.3f, HeadDim);
                Add(p + "self_attn.k_norm.weight", 1, 0.3f, HeadDim);
            }

            Add(p + "mlp.gate_proj.weight", 0, 0.4f, Intermediate, Hidden);
            Add(p + "mlp.up_proj.weight", 0, 0.4f, Intermediate, Hidden);
            Add(p + "mlp.down_proj.weight", 0, 0.3f, Hidden, Intermediate);
            if (MlpBias)
            {
                Add(p + "mlp.gate_proj.bias", 0, 0.3f, Intermediate);
                Add(p + "mlp.up_proj.bias", 0, 0.3f, Intermediate);
                Add(p + "mlp.down_proj.bias", 0, 0.3f, Hidden);
            }
        }

        Add("model.norm.weight", 1, 0.3f, Hidden);
        if (!Tied)
        {
            Add("lm_head.weight", 0, 0.5f, Vocab, Hidden);
        }

        return weights;
    }
}
