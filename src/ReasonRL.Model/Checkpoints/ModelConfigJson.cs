using System.Text.Json;
using System.Text.Json.Nodes;
using ReasonRL.Core;
using ReasonRL.Core.Json;
using static TorchSharp.torch;

namespace ReasonRL.Model.Checkpoints;

/// <summary>
/// A checkpoint's <c>config.json</c>: the <see cref="TransformerConfig"/> under Hugging Face names
/// (<c>hidden_size</c>, <c>num_hidden_layers</c>, <c>num_attention_heads</c>, <c>intermediate_size</c>,
/// <c>max_position_embeddings</c>, <c>vocab_size</c>, <c>rms_norm_eps</c>, <c>rope_theta</c>, <c>tie_word_embeddings</c>,
/// <c>hidden_act</c>, <c>torch_dtype</c>), plus a <c>reasonrl</c> object with the fields HF has no name for (norm,
/// positions, mlp kinds). A llama-style model (rmsnorm + rope + swiglu) is written as <c>LlamaForCausalLM</c>, so
/// <c>transformers</c> can load the folder; a Hugging Face Llama config without the <c>reasonrl</c> object reads as
/// llama-style.
/// </summary>
public static class ModelConfigJson
{
    public static string Write(TransformerConfig config, ScalarType weightsDtype, TokenizerRoles roles)
    {
        var llama = IsLlamaStyle(config);
        var json = new JsonObject
        {
            ["architectures"] = new JsonArray(llama ? "LlamaForCausalLM" : "ReasonRLForCausalLM"),
            ["model_type"] = llama ? "llama" : "reasonrl",
            ["hidden_size"] = config.DModel,
            ["num_hidden_layers"] = config.Layers,
            ["num_attention_heads"] = config.Heads,
            ["num_key_value_heads"] = config.Heads,
            ["head_dim"] = config.HeadDim,
            ["intermediate_size"] = config.EffectiveMlpHidden,
            ["max_position_embeddings"] = config.ContextLength,
            ["vocab_size"] = config.VocabSize,
            [config.Norm == NormKind.Rmsnorm ? "rms_norm_eps" : "layer_norm_eps"] = config.NormEpsilon,
            ["rope_theta"] = config.RopeTheta,
            ["tie_word_embeddings"] = config.TiedEmbeddings,
            ["hidden_act"] = config.Mlp == MlpKind.Swiglu ? "silu" : "gelu",
            ["attention_bias"] = false,
            ["mlp_bias"] = false,
            ["torch_dtype"] = TorchDtypeName(weightsDtype),
            ["bos_token_id"] = roles.Bos,
            ["eos_token_id"] = roles.Eos,
            ["pad_token_id"] = roles.Pad,
            ["reasonrl"] = new JsonObject
            {
                ["norm"] = SnakeCase.From(config.Norm.ToString()),
                ["positions"] = SnakeCase.From(config.Positions.ToString()),
                ["mlp"] = SnakeCase.From(config.Mlp.ToString()),
                ["mlp_hidden"] = config.MlpHidden,
            },
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>The configuration and the dtype its weights are stored in; every problem in one <see cref="InputException"/>.</summary>
    public static (TransformerConfig Config, ScalarType WeightsDtype) Read(string json, string source)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InputException($"{source}: not valid JSON ({e.Message})");
        }

        if (root is not JsonObject o)
        {
            throw new InputException($"{source}: expected a JSON object");
        }

        var problems = new List<string>();
        var ours = o["reasonrl"] as JsonObject;
        var norm = Kind(ours, "norm", NormKind.Rmsnorm, problems);
        var positions = Kind(ours, "positions", PositionKind.Rope, problems);
        var mlp = Kind(ours, "mlp", MlpKind.Swiglu, problems);
        var heads = Int(o, "num_attention_heads", null, problems);
        if (o["num_key_value_heads"] is not null && Int(o, "num_key_value_heads", heads, problems) != heads)
        {
            problems.Add("field 'num_key_value_heads': grouped-query attention is not supported (it must equal num_attention_heads)");
        }

        var act = o["hidden_act"]?.GetValueKind() == JsonValueKind.String ? o["hidden_act"]!.GetValue<string>() : null;
        if (act is not null && act != (mlp == MlpKind.Swiglu ? "silu" : "gelu"))
        {
            problems.Add($"field 'hidden_act': '{act}' does not match the {SnakeCase.From(mlp.ToString())} MLP");
        }

        var hidden = Int(o, "intermediate_size", 0, problems);
        var explicitHidden = ours?["mlp_hidden"] is null ? hidden : Int(ours, "mlp_hidden", 0, problems);
        var config = new TransformerConfig
        {
            DModel = Int(o, "hidden_size", null, problems),
            Layers = Int(o, "num_hidden_layers", null, problems),
            Heads = heads,
            MlpHidden = explicitHidden,
            ContextLength = Int(o, "max_position_embeddings", null, problems),
            VocabSize = Int(o, "vocab_size", null, problems),
            Norm = norm,
            Positions = positions,
            Mlp = mlp,
            TiedEmbeddings = o["tie_word_embeddings"]?.GetValueKind() is JsonValueKind.True or null,
            RopeTheta = Double(o, "rope_theta", 10000.0, problems),
            NormEpsilon = Double(o, norm == NormKind.Rmsnorm ? "rms_norm_eps" : "layer_norm_eps", 1e-5, problems),
        };
        if (problems.Count == 0 && config.EffectiveMlpHidden != hidden && hidden != 0)
        {
            problems.Add($"field 'intermediate_size': {hidden} disagrees with reasonrl.mlp_hidden ({config.EffectiveMlpHidden})");
        }

        problems.AddRange(problems.Count == 0 ? config.Problems().Select(p => $"{p.Field}: {p.Message}") : []);
        var dtypeName = o["torch_dtype"]?.GetValueKind() == JsonValueKind.String ? o["torch_dtype"]!.GetValue<string>() : "float32";
        var dtype = dtypeName switch
        {
            "float32" => ScalarType.Float32,
            "bfloat16" => ScalarType.BFloat16,
            "float16" => ScalarType.Float16,
            _ => (ScalarType?)null,
        };
        if (dtype is null)
        {
            problems.Add($"field 'torch_dtype': '{dtypeName}' (allowed: float32, bfloat16, float16)");
        }

        return problems.Count == 0 ? (config, dtype!.Value) : throw new InputException($"{source}: {string.Join("; ", problems)}");
    }

    public static bool IsLlamaStyle(TransformerConfig config) =>
        config is { Norm: NormKind.Rmsnorm, Positions: PositionKind.Rope, Mlp: MlpKind.Swiglu };

    private static string TorchDtypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Float16 => "float16",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "weights are float32, bfloat16 or float16"),
    };

    private static int Int(JsonObject? o, string field, int? fallback, List<string> problems)
    {
        var node = o?[field];
        if (node is null)
        {
            if (fallback is null)
            {
                problems.Add($"field '{field}': missing");
            }

            return fallback ?? 0;
        }

        if (node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var value))
        {
            return value;
        }

        problems.Add($"field '{field}': expected an integer");
        return 0;
    }

    private static double Double(JsonObject o, string field, double fallback, List<string> problems)
    {
        var node = o[field];
        if (node is null)
        {
            return fallback;
        }

        if (node.GetValueKind() == JsonValueKind.Number)
        {
            return node.GetValue<double>();
        }

        problems.Add($"field '{field}': expected a number");
        return fallback;
    }

    private static TEnum Kind<TEnum>(JsonObject? ours, string field, TEnum fallback, List<string> problems)
        where TEnum : struct, Enum
    {
        var node = ours?[field];
        if (node is null)
        {
            return fallback;
        }

        if (node.GetValueKind() == JsonValueKind.String && SnakeCase.TryParseEnum<TEnum>(node.GetValue<string>(), out var value))
        {
            return value;
        }

        problems.Add($"field 'reasonrl.{field}': expected one of {string.Join(", ", SnakeCase.NamesOf(typeof(TEnum)))}");
        return fallback;
    }
}
