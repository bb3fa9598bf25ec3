using System.Text.Json;
using System.Text.Json.Nodes;
using ReasonRL.Core;
using ReasonRL.Core.Json;
using static TorchSharp.torch;

namespace ReasonRL.Model.Checkpoints;

/// <summary>
/// A checkpoint's <c>config.json</c>: the <see cref="TransformerConfig"/> under Hugging Face names, in the layout of its
/// <see cref="ModelFamily"/> (<c>LlamaForCausalLM</c>, <c>MistralForCausalLM</c>, <c>Qwen2ForCausalLM</c>,
/// <c>Qwen3ForCausalLM</c>), so that transformers loads the folder; plus a <c>reasonrl</c> object with what HF has no
/// name for (norm, positions and MLP kinds of the project's presets). Presets that are not llama-style are written as
/// <c>ReasonRLForCausalLM</c>.
/// </summary>
/// <remarks>
/// Reading takes any config transformers writes for those families (and SmolLM, which is Llama) and refuses, naming
/// the key and value, everything that would make this model compute something else: another <c>model_type</c>, an
/// activation other than silu, rope types other than linear, llama3 and yarn, partial rotary factors, attention
/// dropout, quantisation, per-layer sliding windows, and any key it does not know (<see cref="ConfigKeys"/> lists
/// those known to have no effect). Defaults are transformers' own: <c>tie_word_embeddings</c> absent means false,
/// <c>rms_norm_eps</c> 1e-6, <c>rope_theta</c> 10000.
/// </remarks>
public static class ModelConfigJson
{
    private const string OursKey = "reasonrl";

    public static string Write(TransformerConfig config, ScalarType weightsDtype, TokenizerRoles roles)
    {
        var llama = IsLlamaStyle(config);
        var family = config.Family;
        var json = new JsonObject
        {
            ["architectures"] = new JsonArray(llama ? ArchitectureName(family, "ForCausalLM") : "ReasonRLForCausalLM"),
            ["model_type"] = llama ? ModelType(family) : "reasonrl",
            ["hidden_size"] = config.DModel,
            ["num_hidden_layers"] = config.Layers,
            ["num_attention_heads"] = config.Heads,
            ["num_key_value_heads"] = config.KvHeadCount,
            ["head_dim"] = config.HeadDim,
            ["intermediate_size"] = config.EffectiveMlpHidden,
            ["max_position_embeddings"] = config.ContextLength,
            ["vocab_size"] = config.VocabSize,
            [config.Norm == NormKind.Rmsnorm ? "rms_norm_eps" : "layer_norm_eps"] = config.NormEpsilon,
            ["rope_theta"] = config.RopeTheta,
        };
        if (config.RopeScaling is { } scaling)
        {
            json["rope_scaling"] = WriteRopeScaling(scaling);
        }

        json["tie_word_embeddings"] = config.TiedEmbeddings;
        json["hidden_act"] = config.Mlp == MlpKind.Swiglu ? "silu" : "gelu";
        json["attention_dropout"] = 0.0;
        switch (family)
        {
            case ModelFamily.Llama:
                json["attention_bias"] = config.QkvBias;
                json["mlp_bias"] = config.MlpBias;
                break;
            case ModelFamily.Mistral:
                json["sliding_window"] = config.SlidingWindow;
                break;
            case ModelFamily.Qwen2:
            case ModelFamily.Qwen3:
                if (family == ModelFamily.Qwen3)
                {
                    json["attention_bias"] = config.QkvBias;
                }

                json["use_sliding_window"] = false;
                json["sliding_window"] = null;
                json["max_window_layers"] = config.Layers;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(config), family, null);
        }

        json["torch_dtype"] = TorchDtypeName(weightsDtype);
        json["bos_token_id"] = roles.Bos;
        json["eos_token_id"] = roles.Eos;
        json["pad_token_id"] = roles.Pad;
        json["use_cache"] = true;
        json[OursKey] = new JsonObject
        {
            ["norm"] = SnakeCase.From(config.Norm.ToString()),
            ["positions"] = SnakeCase.From(config.Positions.ToString()),
            ["mlp"] = SnakeCase.From(config.Mlp.ToString()),
            ["mlp_hidden"] = config.MlpHidden,
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>The configuration; every problem of the file in one <see cref="InputException"/> naming <paramref name="source"/>.</summary>
    public static TransformerConfig Read(string json, string source)
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

        var reader = new ConfigReader(o);
        var config = Read(reader);
        var problems = reader.Problems;
        if (problems.Count == 0)
        {
            problems.AddRange(config.Problems().Select(p => $"{p.Field}: {p.Message}"));
        }

        problems.AddRange(reader.UnreadKeys().Select(key => $"field '{key}': not supported (a key this loader does not know could change what the model computes)"));
        return problems.Count == 0 ? config : throw new InputException($"{source}: {string.Join("; ", problems)}");
    }

    public static bool IsLlamaStyle(TransformerConfig config) =>
        config is { Norm: NormKind.Rmsnorm, Positions: PositionKind.Rope, Mlp: MlpKind.Swiglu };

    /// <summary>The class name transformers uses for a family and a head, e.g. <c>Qwen2ForCausalLM</c>.</summary>
    public static string ArchitectureName(ModelFamily family, string head) => family switch
    {
        ModelFamily.Llama => "Llama",
        ModelFamily.Mistral => "Mistral",
        ModelFamily.Qwen2 => "Qwen2",
        ModelFamily.Qwen3 => "Qwen3",
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, null),
    } + head;

    public static string TorchDtypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Float16 => "float16",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "weights are float32, bfloat16 or float16"),
    };

    private static string ModelType(ModelFamily family) => SnakeCase.From(family.ToString());

    private static TransformerConfig Read(ConfigReader o)
    {
        var modelType = o.String("model_type") ?? "llama";
        ModelFamily? family = modelType switch
        {
            "llama" or "reasonrl" => ModelFamily.Llama,
            "mistral" => ModelFamily.Mistral,
            "qwen2" => ModelFamily.Qwen2,
            "qwen3" => ModelFamily.Qwen3,
            _ => null,
        };
        if (family is null)
        {
            o.Problems.Add($"field 'model_type': '{modelType}' is not supported (supported: llama, mistral, qwen2, qwen3; SmolLM is llama)");
            return new TransformerConfig();
        }

        var ours = o.Object(OursKey);
        var norm = o.Kind(ours, "norm", NormKind.Rmsnorm);
        var positions = o.Kind(ours, "positions", PositionKind.Rope);
        var mlp = o.Kind(ours, "mlp", MlpKind.Swiglu);
        if (modelType != "reasonrl" && (norm, positions, mlp) != (NormKind.Rmsnorm, PositionKind.Rope, MlpKind.Swiglu))
        {
            o.Problems.Add($"field '{OursKey}': a {modelType} model is rmsnorm + rope + swiglu");
        }

        var act = o.String("hidden_act");
        if (act is not null && act != (mlp == MlpKind.Swiglu ? "silu" : "gelu"))
        {
            o.Problems.Add($"field 'hidden_act': '{act}' is not supported (the {SnakeCase.From(mlp.ToString())} MLP uses {(mlp == MlpKind.Swiglu ? "silu" : "gelu")})");
        }

        var heads = o.Int("num_attention_heads", null);
        var width = o.Int("hidden_size", null);
        var kvHeads = o.Int("num_key_value_heads", heads);
        var headDim = o.Int("head_dim", heads > 0 ? width / heads : 0);
        var hidden = o.Int("intermediate_size", 0);
        var explicitHidden = ours?["mlp_hidden"] is null ? hidden : o.Int(ours, "mlp_hidden", 0);
        var (qkvBias, outputBias, mlpBias, qkNorm) = Biases(o, family.Value);
        var config = new TransformerConfig
        {
            Family = family.Value,
            DModel = width,
            Layers = o.Int("num_hidden_layers", null),
            Heads = heads,
            KvHeads = kvHeads == heads ? null : kvHeads,
            HeadDimension = heads > 0 && headDim == width / heads && width % heads == 0 ? null : headDim,
            MlpHidden = explicitHidden,
            ContextLength = o.Int("max_position_embeddings", null),
            VocabSize = o.Int("vocab_size", null),
            Norm = norm,
            Positions = positions,
            Mlp = mlp,
            TiedEmbeddings = o.Bool("tie_word_embeddings", false),
            NormEpsilon = o.Double(norm == NormKind.Rmsnorm ? "rms_norm_eps" : "layer_norm_eps", modelType == "reasonrl" ? 1e-5 : 1e-6),
            QkvBias = qkvBias,
            OutputBias = outputBias,
            MlpBias = mlpBias,
            QkNorm = qkNorm,
        };
        config = config with
        {
            RopeTheta = RopeTheta(o),
            RopeScaling = RopeScalingOf(o, config.ContextLength),
            SlidingWindow = SlidingWindowOf(o, family.Value, config.Layers),
        };
        if (o.Problems.Count == 0 && config.EffectiveMlpHidden != hidden && hidden != 0)
        {
            o.Problems.Add($"field 'intermediate_size': {hidden} disagrees with reasonrl.mlp_hidden ({config.EffectiveMlpHidden})");
        }

        if (o.Double("attention_dropout", 0.0) != 0.0)
        {
            o.Problems.Add("field 'attention_dropout': only 0 is supported (the trainers here use no dropout)");
        }

        if (o.Double("partial_rotary_factor", 1.0) != 1.0)
        {
            o.Problems.Add("field 'partial_rotary_factor': only 1 is supported (every dimension rotates)");
        }

        if (o.Bool("use_mrope", false))
        {
            o.Problems.Add("field 'use_mrope': true is not supported (multimodal rotary positions)");
        }

        if (o.Has("quantization_config"))
        {
            o.Problems.Add("field 'quantization_config': quantised weights are not supported");
        }

        o.Optional("torch_dtype", "dtype");
        return config;
    }

    /// <summary>The biases and q/k norms a family has, from its own keys.</summary>
    private static (bool Qkv, bool Output, bool Mlp, bool QkNorm) Biases(ConfigReader o, ModelFamily family)
    {
        switch (family)
        {
            case ModelFamily.Llama:
                var attention = o.Bool("attention_bias", false);
                return (attention, attention, o.Bool("mlp_bias", false), false);
            case ModelFamily.Mistral:
                return (false, false, false, false);
            case ModelFamily.Qwen2:
                return (true, false, false, false);
            case ModelFamily.Qwen3:
                var qwen3Attention = o.Bool("attention_bias", false);
                return (qwen3Attention, qwen3Attention, false, true);
            default:
                throw new ArgumentOutOfRangeException(nameof(family), family, null);
        }
    }

    /// <summary><c>rope_theta</c> at the top (transformers 4) or inside <c>rope_parameters</c> (transformers 5).</summary>
    private static double RopeTheta(ConfigReader o)
    {
        var top = o.Has("rope_theta") ? o.Double("rope_theta", 10000.0) : (double?)null;
        var parameters = o.Object("rope_parameters");
        var inner = parameters?["rope_theta"] is not null ? o.Double(parameters, "rope_theta", 10000.0) : (double?)null;
        return inner ?? top ?? 10000.0;
    }

    /// <summary><c>rope_scaling</c> (transformers 4) or <c>rope_parameters</c> (transformers 5): linear, llama3 or yarn; anything else is refused.</summary>
    private static RopeScaling? RopeScalingOf(ConfigReader o, int contextLength)
    {
        var key = o.Has("rope_parameters") ? "rope_parameters" : "rope_scaling";
        if (!o.Has(key) || o.IsNull(key))
        {
            o.Optional("rope_scaling");
            return null;
        }

        o.Optional("rope_scaling");
        var scaling = o.Object(key);
        if (scaling is null)
        {
            o.Problems.Add($"field '{key}': expected an object");
            return null;
        }

        var typeNode = scaling["rope_type"] ?? scaling["type"];
        var type = typeNode?.GetValueKind() == JsonValueKind.String ? typeNode.GetValue<string>() : "default";
        var known = new HashSet<string>(StringComparer.Ordinal) { "rope_type", "type", "rope_theta" };
        double Number(string name, double? fallback)
        {
            known.Add(name);
            if (scaling[name] is null || scaling[name]!.GetValueKind() == JsonValueKind.Null)
            {
                if (fallback is null)
                {
                    o.Problems.Add($"field '{key}.{name}': missing (needed by rope_type {type})");
                }

                return fallback ?? 0;
            }

            return o.Double(scaling, name, fallback ?? 0, $"{key}.");
        }

        double? OptionalNumber(string name) => scaling[name] is null || scaling[name]!.GetValueKind() == JsonValueKind.Null
            ? Known(name, null)
            : Number(name, 0);

        double? Known(string name, double? value)
        {
            known.Add(name);
            return value;
        }

        RopeScaling? result = null;
        switch (type)
        {
            case "default":
                break;
            case "linear":
                result = new RopeScaling(RopeScalingKind.Linear, Number("factor", null));
                break;
            case "llama3":
                result = new RopeScaling(
                    RopeScalingKind.Llama3,
                    Number("factor", null),
                    OriginalContextLength: (int)Number("original_max_position_embeddings", null),
                    LowFreqFactor: Number("low_freq_factor", null),
                    HighFreqFactor: Number("high_freq_factor", null));
                break;
            case "yarn":
                // A top-level original_max_position_embeddings wins, as transformers 5 standardises it (Phi-3 style).
                var original = o.Has("original_max_position_embeddings")
                    ? o.Int("original_max_position_embeddings", contextLength)
                    : (int)(OptionalNumber("original_max_position_embeddings") ?? contextLength);
                known.Add("original_max_position_embeddings");
                var factor = OptionalNumber("factor") ?? ((double)contextLength / original);
                var betaFast = OptionalNumber("beta_fast");
                var betaSlow = OptionalNumber("beta_slow");
                known.Add("truncate");
                var truncate = scaling["truncate"]?.GetValueKind() != JsonValueKind.False;
                result = new RopeScaling(
                    RopeScalingKind.Yarn,
                    factor,
                    OriginalContextLength: original,
                    BetaFast: betaFast is null or 0 ? 32 : betaFast.Value,
                    BetaSlow: betaSlow is null or 0 ? 1 : betaSlow.Value,
                    AttentionFactor: OptionalNumber("attention_factor"),
                    Mscale: OptionalNumber("mscale"),
                    MscaleAllDim: OptionalNumber("mscale_all_dim"),
                    Truncate: truncate);
                break;
            default:
                o.Problems.Add($"field '{key}.rope_type': '{type}' is not supported (supported: default, linear, llama3, yarn)");
                return null;
        }

        if (scaling["partial_rotary_factor"] is { } partial && (partial.GetValueKind() != JsonValueKind.Number || partial.GetValue<double>() != 1.0))
        {
            o.Problems.Add($"field '{key}.partial_rotary_factor': only 1 is supported (every dimension rotates)");
        }

        known.Add("partial_rotary_factor");
        foreach (var (name, _) in scaling)
        {
            if (!known.Contains(name))
            {
                o.Problems.Add($"field '{key}.{name}': not supported for rope_type {type}");
            }
        }

        return result;
    }

    /// <summary>
    /// Mistral's <c>sliding_window</c> (honoured), Qwen's <c>use_sliding_window</c> (false, or true with every layer
    /// below <c>max_window_layers</c>: full attention either way) and <c>layer_types</c> (all full, or all sliding with a
    /// window); per-layer windows are refused.
    /// </summary>
    private static int? SlidingWindowOf(ConfigReader o, ModelFamily family, int layers)
    {
        int? window = null;
        switch (family)
        {
            case ModelFamily.Mistral:
                window = o.IsNull("sliding_window") || !o.Has("sliding_window") ? null : o.Int("sliding_window", 0);
                o.Optional("sliding_window");
                break;
            case ModelFamily.Qwen2:
            case ModelFamily.Qwen3:
                var use = o.Bool("use_sliding_window", false);
                var maxWindowLayers = o.Has("max_window_layers") && !o.IsNull("max_window_layers") ? o.Int("max_window_layers", layers) : layers;
                o.Optional("sliding_window", "max_window_layers");
                if (use && maxWindowLayers < layers)
                {
                    o.Problems.Add($"field 'use_sliding_window': true with max_window_layers {maxWindowLayers} < num_hidden_layers {layers} (a sliding window on some layers only) is not supported");
                }

                break;
            default:
                break;
        }

        if (o.Has("layer_types") && !o.IsNull("layer_types"))
        {
            var types = o.StringArray("layer_types");
            var expected = window is null ? "full_attention" : "sliding_attention";
            if (types is null || types.Any(t => t != expected))
            {
                o.Problems.Add($"field 'layer_types': only all '{expected}' is supported here (got {string.Join(", ", (types ?? []).Distinct())})");
            }
        }

        return window;
    }

    private static JsonObject WriteRopeScaling(RopeScaling scaling)
    {
        var json = new JsonObject
        {
            ["rope_type"] = SnakeCase.From(scaling.Kind.ToString()),
            ["factor"] = scaling.Factor,
        };
        switch (scaling.Kind)
        {
            case RopeScalingKind.Linear:
                break;
            case RopeScalingKind.Llama3:
                json["original_max_position_embeddings"] = scaling.OriginalContextLength;
                json["low_freq_factor"] = scaling.LowFreqFactor;
                json["high_freq_factor"] = scaling.HighFreqFactor;
                break;
            case RopeScalingKind.Yarn:
                json["original_max_position_embeddings"] = scaling.OriginalContextLength;
                json["beta_fast"] = scaling.BetaFast;
                json["beta_slow"] = scaling.BetaSlow;
                if (scaling.AttentionFactor is { } attention)
                {
                    json["attention_factor"] = attention;
                }

                if (scaling.Mscale is { } mscale)
                {
                    json["mscale"] = mscale;
                }

                if (scaling.MscaleAllDim is { } all)
                {
                    json["mscale_all_dim"] = all;
                }

                json["truncate"] = scaling.Truncate;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(scaling), scaling.Kind, null);
        }

        return json;
    }

    /// <summary>Reads fields of a config object, collects problems, and remembers which keys were read.</summary>
    private sealed class ConfigReader(JsonObject root)
    {
        private readonly HashSet<string> _read = new(StringComparer.Ordinal) { OursKey };

        public List<string> Problems { get; } = [];

        public IEnumerable<string> UnreadKeys() =>
            root.Select(p => p.Key).Where(k => !_read.Contains(k) && !ConfigKeys.WithoutEffect.Contains(k)).Order(StringComparer.Ordinal);

        public bool Has(string field) => root.ContainsKey(field);

        public bool IsNull(string field) => root[field] is null;

        public void Optional(params string[] fields) => _read.UnionWith(fields);

        public JsonObject? Object(string field)
        {
            _read.Add(field);
            return root[field] as JsonObject;
        }

        public string? String(string field)
        {
            _read.Add(field);
            var node = root[field];
            if (node is null)
            {
                return null;
            }

            if (node.GetValueKind() == JsonValueKind.String)
            {
                return node.GetValue<string>();
            }

            Problems.Add($"field '{field}': expected a string");
            return null;
        }

        public string[]? StringArray(string field)
        {
            _read.Add(field);
            return root[field] is JsonArray array && array.All(n => n?.GetValueKind() == JsonValueKind.String)
                ? [.. array.Select(n => n!.GetValue<string>())]
                : null;
        }

        public int Int(string field, int? fallback) => Int(root, field, fallback);

        public int Int(JsonObject? o, string field, int? fallback)
        {
            if (ReferenceEquals(o, root))
            {
                _read.Add(field);
            }

            var node = o?[field];
            if (node is null)
            {
                if (fallback is null)
                {
                    Problems.Add($"field '{field}': missing");
                }

                return fallback ?? 0;
            }

            if (node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var value))
            {
                return value;
            }

            if (node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<double>(out var number) && number == Math.Floor(number) && Math.Abs(number) < int.MaxValue)
            {
                return (int)number;
            }

            Problems.Add($"field '{(ReferenceEquals(o, root) ? "" : OursKey + ".")}{field}': expected an integer");
            return 0;
        }

        public double Double(string field, double fallback) => Double(root, field, fallback, "");

        public double Double(JsonObject o, string field, double fallback, string prefix = "")
        {
            if (ReferenceEquals(o, root))
            {
                _read.Add(field);
            }

            var node = o[field];
            if (node is null)
            {
                return fallback;
            }

            if (node.GetValueKind() == JsonValueKind.Number)
            {
                return node.GetValue<double>();
            }

            Problems.Add($"field '{prefix}{field}': expected a number");
            return fallback;
        }

        public bool Bool(string field, bool fallback)
        {
            _read.Add(field);
            var node = root[field];
            switch (node?.GetValueKind())
            {
                case null:
                    return fallback;
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    Problems.Add($"field '{field}': expected true or false");
                    return fallback;
            }
        }

        public TEnum Kind<TEnum>(JsonObject? ours, string field, TEnum fallback)
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

            Problems.Add($"field '{OursKey}.{field}': expected one of {string.Join(", ", SnakeCase.NamesOf(typeof(TEnum)))}");
            return fallback;
        }
    }
}
