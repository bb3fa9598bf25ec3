using System.Text.Json;
using System.Text.Json.Nodes;
using ReasonRL.Core;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Sampling;
using ReasonRL.Model.Scoring;
using ReasonRL.Model.Transformer;
using static TorchSharp.torch;

namespace ReasonRL.Model.Tests.RealModels;

/// <summary>
/// Hugging Face folders of the Llama, Mistral, Qwen2, Qwen3 and SmolLM families, written by the test: the loaded model
/// computes what an independent loop-form implementation computes, caches keys and values correctly with grouped-query
/// attention, loads shards and half-precision weights, round-trips through its own export, and refuses what it does
/// not support by name.
/// </summary>
public sealed class RealModelTests : IDisposable
{
    private static readonly int[] Sequence = [1, 12, 5, 19, 3, 27, 8, 14, 22, 6, 17, 9, 25, 4];

    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-hf-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [MemberData(nameof(Families.Names), MemberType = typeof(Families))]
    public void Per_token_log_probs_equal_the_loop_form_reference(string family)
    {
        var spec = Families.All[family];
        using var loaded = Checkpoint.Load(spec.Write(Path.Combine(_folder, family)));

        var actual = ScoreAll(loaded.Model, Sequence);
        var expected = LoopReference.LogProbs(spec, Sequence);

        Assert.Equal(expected.Length, actual.Length);
        for (var t = 0; t < expected.Length; t++)
        {
            Assert.True(Math.Abs(expected[t] - actual[t]) < 2e-4, $"{family} token {t + 1}: reference {expected[t]:F6}, model {actual[t]:F6}");
        }

        // The reference is sensitive to what it checks: the test sequence is not predicted uniformly.
        Assert.True(expected.Max() - expected.Min() > 0.5, $"{family}: log-probs {string.Join(", ", expected.Select(e => e.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
    }

    [Theory]
    [InlineData("smollm")]
    [InlineData("mistral")]
    [InlineData("qwen2")]
    [InlineData("qwen3")]
    public void Kv_cache_decoding_equals_a_full_forward_with_grouped_query_attention(string family)
    {
        // As many output rows as tokenizer ids, so the sampler's distribution is the scorer's full one.
        var spec = Families.All[family] with { Vocab = TestModels.Tokenizer.VocabSize };
        using var loaded = Checkpoint.Load(spec.Write(Path.Combine(_folder, family)));
        var sampler = new Sampler(loaded.Model, loaded.Tokenizer);
        SampleRequest[] requests = [new([1, 12, 5, 19], 1), new([1, 7], 2), new([1, 3, 9, 14, 22, 8, 2], 3)];
        var options = new SamplingOptions { Temperature = 1.0, MaxNewTokens = 9, StopAtEos = false, CompactWhenActiveFraction = 0 };

        var cached = sampler.Generate(requests, options);
        var naive = sampler.GenerateWithoutCache(requests, options);

        for (var row = 0; row < requests.Length; row++)
        {
            Assert.Equal(naive[row].TokenIds, cached[row].TokenIds);
            var full = ScoreAll(loaded.Model, [.. requests[row].PromptIds, .. cached[row].TokenIds]).Skip(requests[row].PromptIds.Count - 1).ToArray();
            for (var t = 0; t < full.Length; t++)
            {
                Assert.True(Math.Abs(full[t] - cached[row].LogProbs[t]) < 1e-4, $"{family} row {row} token {t}: cached {cached[row].LogProbs[t]}, full forward {full[t]}");
                Assert.True(Math.Abs(naive[row].LogProbs[t] - cached[row].LogProbs[t]) < 1e-4);
            }
        }
    }

    [Theory]
    [InlineData("qwen2")]
    [InlineData("qwen3")]
    public void Sharded_half_precision_weights_load_like_a_single_float32_file_to_bfloat16_precision(string family)
    {
        var spec = Families.All[family];
        using var single = Checkpoint.Load(spec.Write(Path.Combine(_folder, "single")));
        // Three shards; norms in F16, everything else in BF16 (mixed dtypes in one checkpoint).
        using var sharded = Checkpoint.Load(spec.Write(Path.Combine(_folder, "sharded"), shards: 3,
            dtypeOf: name => name.Contains("norm", StringComparison.Ordinal) ? ScalarType.Float16 : ScalarType.BFloat16));

        Assert.True(File.Exists(Path.Combine(_folder, "sharded", WeightFiles.IndexFile)));
        var reference = single.Model.state_dict();
        foreach (var (name, value) in sharded.Model.state_dict())
        {
            var stored = name.Contains("norm", StringComparison.Ordinal) ? ScalarType.Float16 : ScalarType.BFloat16;
            using var rounded = reference[name].to_type(stored).to_type(ScalarType.Float32);
            Assert.True(TestModels.Identical(rounded, value), $"{name} is not the float32 weight rounded to {stored}");
            using var difference = (reference[name] - value).abs();
            using var bound = reference[name].abs() * (1.0 / 256);
            Assert.True(difference.le(bound).all().item<bool>(), $"{name} differs by more than bfloat16 precision");
        }

        var a = ScoreAll(single.Model, Sequence);
        var b = ScoreAll(sharded.Model, Sequence);
        Assert.All(a.Zip(b), pair => Assert.True(Math.Abs(pair.First - pair.Second) < 0.05, $"{pair.First} vs {pair.Second}"));
    }

    [Theory]
    [MemberData(nameof(Families.Names), MemberType = typeof(Families))]
    public void A_loaded_model_saves_in_its_family_layout_and_round_trips_exactly(string family)
    {
        var spec = Families.All[family];
        using var loaded = Checkpoint.Load(spec.Write(Path.Combine(_folder, "source")));
        var saved = Path.Combine(_folder, "saved");

        Checkpoint.Save(saved, loaded.Model, loaded.Tokenizer);
        using var again = Checkpoint.Load(saved);

        Assert.Equal(loaded.Config, again.Config);
        var before = loaded.Model.state_dict();
        Assert.All(again.Model.state_dict(), entry => Assert.Equal(before[entry.Key].bytes.ToArray(), entry.Value.bytes.ToArray()));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(saved, "config.json")))!.AsObject();
        Assert.Equal(spec.ModelType, config["model_type"]!.GetValue<string>());
        Assert.Equal(JsonNode.Parse(spec.ConfigJson())!["architectures"]![0]!.GetValue<string>(), config["architectures"]![0]!.GetValue<string>());
        Assert.Equal(spec.KvHeads, config["num_key_value_heads"]!.GetValue<int>());
        Assert.Equal(spec.HeadDim, config["head_dim"]!.GetValue<int>());
        Assert.Equal(spec.Tied, config["tie_word_embeddings"]!.GetValue<bool>());
        Assert.Equal(spec.RopeScalingJson is null, config["rope_scaling"] is null);
        foreach (var file in new[] { "generation_config.json", "tokenizer_config.json", "special_tokens_map.json", "tokenizer.json" })
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(saved, file)));
        }

        var tokenizerConfig = JsonNode.Parse(File.ReadAllText(Path.Combine(saved, "tokenizer_config.json")))!;
        Assert.Equal(TextTokenizerEos(), tokenizerConfig["eos_token"]!.GetValue<string>());
        Assert.Equal(TestModels.Tokenizer.EosId, JsonNode.Parse(File.ReadAllText(Path.Combine(saved, "generation_config.json")))!["eos_token_id"]!.GetValue<int>());
    }

    [Fact]
    public void A_bfloat16_model_computes_close_to_float32_and_saves_bfloat16_weights()
    {
        var spec = Families.All["qwen2"];
        var folder = spec.Write(Path.Combine(_folder, "qwen2"));
        using var wide = Checkpoint.Load(folder);
        using var narrow = Checkpoint.Load(folder, new ModelCompute { Dtype = ComputeDtype.Bfloat16 });

        Assert.All(narrow.Model.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
        var a = ScoreAll(wide.Model, Sequence);
        var b = ScoreAll(narrow.Model, Sequence);
        Assert.All(a.Zip(b), pair => Assert.True(Math.Abs(pair.First - pair.Second) < 0.15, $"float32 {pair.First} vs bfloat16 {pair.Second}"));
        var completions = new Sampler(narrow.Model, narrow.Tokenizer).Generate([new([1, 12, 5], 1), new([1, 7], 2)], new SamplingOptions { MaxNewTokens = 6, StopAtEos = false });
        Assert.All(completions, c => Assert.Equal(6, c.TokenIds.Length));
        Assert.All(completions, c => Assert.All(c.TokenIds, id => Assert.InRange(id, 0, narrow.Tokenizer.VocabSize - 1))); // the padding rows of the output matrix are never drawn

        var saved = Path.Combine(_folder, "saved");
        Checkpoint.Save(saved, narrow.Model, narrow.Tokenizer);
        Assert.Equal("bfloat16", JsonNode.Parse(File.ReadAllText(Path.Combine(saved, "config.json")))!["torch_dtype"]!.GetValue<string>());
        Assert.All(SafeTensors.ReadHeader(Path.Combine(saved, "model.safetensors")).Entries.Values, e => Assert.Equal(ScalarType.BFloat16, e.Dtype));
    }

    [Fact]
    public void An_absent_tie_word_embeddings_means_untied_as_in_transformers()
    {
        var spec = Families.All["smollm"];
        var folder = spec.Write(Path.Combine(_folder, "smollm"));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!.AsObject();
        config.Remove("tie_word_embeddings");
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());

        var error = Assert.Throws<InputException>(() => Checkpoint.Load(folder));

        Assert.Contains("missing tensor 'lm_head.weight'", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> Unsupported => new()
    {
        { "qwen2", """{"model_type": "gemma2"}""", "field 'model_type': 'gemma2' is not supported" },
        { "smollm", """{"hidden_act": "gelu_pytorch_tanh"}""", "field 'hidden_act': 'gelu_pytorch_tanh' is not supported" },
        { "smollm", """{"rope_scaling": {"rope_type": "dynamic", "factor": 2.0}}""", "field 'rope_scaling.rope_type': 'dynamic' is not supported" },
        { "smollm", """{"rope_scaling": {"rope_type": "longrope", "short_factor": [1], "long_factor": [1]}}""", "'longrope' is not supported" },
        { "qwen2", """{"use_sliding_window": true, "max_window_layers": 1}""", "field 'use_sliding_window': true with max_window_layers 1 < num_hidden_layers 2" },
        { "qwen3", """{"layer_types": ["sliding_attention", "full_attention"]}""", "field 'layer_types'" },
        { "smollm", """{"attention_dropout": 0.1}""", "field 'attention_dropout': only 0 is supported" },
        { "smollm", """{"partial_rotary_factor": 0.5}""", "field 'partial_rotary_factor': only 1 is supported" },
        { "smollm", """{"quantization_config": {"quant_method": "gptq"}}""", "field 'quantization_config'" },
        { "smollm", """{"logit_softcapping": 30.0}""", "field 'logit_softcapping': not supported" },
        { "smollm", """{"rope_scaling": {"rope_type": "linear", "factor": 2.0, "low_freq_factor": 1.0}}""", "field 'rope_scaling.low_freq_factor': not supported for rope_type linear" },
    };

    [Theory]
    [MemberData(nameof(Unsupported))]
    public void What_is_not_supported_is_refused_by_name(string family, string change, string message)
    {
        var spec = Families.All[family] with { ExtraJson = change };
        var folder = spec.Write(Path.Combine(_folder, family));

        var error = Assert.Throws<InputException>(() => Checkpoint.Load(folder));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("config.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transformers_5_rope_parameters_read_like_rope_theta_and_rope_scaling()
    {
        var spec = Families.All["qwen2"];
        var folder = spec.Write(Path.Combine(_folder, "v5"));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!.AsObject();
        config.Remove("rope_theta");
        config.Remove("rope_scaling");
        config["rope_parameters"] = new JsonObject { ["rope_type"] = "yarn", ["rope_theta"] = spec.Theta, ["factor"] = 4.0, ["original_max_position_embeddings"] = 16 };
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());

        using var loaded = Checkpoint.Load(folder);

        var actual = ScoreAll(loaded.Model, Sequence);
        var expected = LoopReference.LogProbs(spec, Sequence);
        Assert.All(expected.Zip(actual), pair => Assert.True(Math.Abs(pair.First - pair.Second) < 2e-4));
    }

    /// <summary>Log-probs of tokens 1..T−1 of one sequence through the project's scorer.</summary>
    private static double[] ScoreAll(TransformerModel model, int[] tokens)
    {
        using var scope = NewDisposeScope();
        var sequences = tensor(tokens.Select(t => (long)t).ToArray(), [1, tokens.Length], dtype: ScalarType.Int64);
        var mask = ones([1, tokens.Length], dtype: ScalarType.Bool);
        mask[0, 0] = false;
        var scores = LogProbScorer.ScoreWithoutGrad(model, sequences, mask, minibatchRows: 1);
        return [.. scores.LogProbs[0].narrow(0, 1, tokens.Length - 1).data<float>().ToArray().Select(v => (double)v)];
    }

    private static string TextTokenizerEos() => Model.Tokenization.TextTokenizer.EosToken;
}
