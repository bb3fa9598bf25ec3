using System.Text.Json;
using ReasonRL.Core;
using ReasonRL.Model.Checkpoints;
using static TorchSharp.torch;

namespace ReasonRL.Model.Tests;

/// <summary>Checkpoint folders: bit-exact round trips, Hugging Face names, and clear failures for bad files.</summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<NormKind, PositionKind, MlpKind, bool> Architectures => new()
    {
        { NormKind.Rmsnorm, PositionKind.Rope, MlpKind.Swiglu, true },
        { NormKind.Layernorm, PositionKind.Learned, MlpKind.Gelu, false },
    };

    [Theory]
    [MemberData(nameof(Architectures))]
    public void A_checkpoint_round_trips_bit_exactly(NormKind norm, PositionKind positions, MlpKind mlp, bool tied)
    {
        var config = TestModels.Tiny() with { Norm = norm, Positions = positions, Mlp = mlp, TiedEmbeddings = tied, RopeTheta = 500.0, NormEpsilon = 1e-6 };
        using var model = TestModels.Create(config, seed: 3);
        var path = Path.Combine(_folder, "ckpt");

        Checkpoint.Save(path, model, TestModels.Tokenizer);
        using var loaded = Checkpoint.Load(path);

        Assert.Equal(config, loaded.Config);
        Assert.Equal(TestModels.Tokenizer.ToJson(), loaded.Tokenizer.ToJson());
        Assert.True(TestModels.Tokenizer.SameAs(loaded.Tokenizer));
        var original = model.state_dict();
        var restored = loaded.Model.state_dict();
        Assert.Equal(original.Keys.Order(), restored.Keys.Order());
        Assert.All(original, entry => Assert.Equal(entry.Value.bytes.ToArray(), restored[entry.Key].bytes.ToArray()));
    }

    [Fact]
    public void The_llama_style_checkpoint_has_hugging_face_names_in_its_files()
    {
        using var model = TestModels.Create(TestModels.Tiny() with { TiedEmbeddings = false });
        var path = Path.Combine(_folder, "llama");

        Checkpoint.Save(path, model, TestModels.Tokenizer);

        var (entries, metadata) = SafeTensors.ReadHeader(Path.Combine(path, Checkpoint.WeightsFile));
        Assert.Contains("model.layers.1.self_attn.q_proj.weight", entries.Keys);
        Assert.Contains("model.layers.0.mlp.gate_proj.weight", entries.Keys);
        Assert.Contains("lm_head.weight", entries.Keys);
        Assert.Equal("pt", metadata["format"]);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(path, Checkpoint.ConfigFile)));
        var root = config.RootElement;
        Assert.Equal("LlamaForCausalLM", root.GetProperty("architectures")[0].GetString());
        Assert.Equal(32, root.GetProperty("hidden_size").GetInt32());
        Assert.Equal(2, root.GetProperty("num_hidden_layers").GetInt32());
        Assert.Equal(TestModels.Tiny().EffectiveMlpHidden, root.GetProperty("intermediate_size").GetInt32());
        Assert.Equal("silu", root.GetProperty("hidden_act").GetString());
        Assert.False(root.GetProperty("tie_word_embeddings").GetBoolean());
        Assert.Equal(TestModels.Tokenizer.EosId, root.GetProperty("eos_token_id").GetInt32());
    }

    [Fact]
    public void Every_mismatch_of_a_bad_checkpoint_is_named_in_one_message()
    {
        using var model = TestModels.Create();
        var path = Path.Combine(_folder, "bad");
        Checkpoint.Save(path, model, TestModels.Tokenizer);
        var weights = Path.Combine(path, Checkpoint.WeightsFile);
        var tensors = SafeTensors.Load(weights);
        tensors.Remove("model.norm.weight", out var removed);
        removed!.Dispose();
        tensors["model.layers.0.self_attn.q_proj.weight"] = zeros(16, 32);
        tensors["model.layers.1.mlp.up_proj.weight"] = tensors["model.layers.1.mlp.up_proj.weight"].to_type(ScalarType.Int64);
        tensors["extra.weight"] = zeros(2);
        SafeTensors.Save(weights, tensors);

        var error = Assert.Throws<InputException>(() => Checkpoint.Load(path));

        Assert.Contains("missing tensor 'model.norm.weight' (F32 [32])", error.Message, StringComparison.Ordinal);
        Assert.Contains("tensor 'model.layers.0.self_attn.q_proj.weight' has shape [16, 32], expected [32, 32]", error.Message, StringComparison.Ordinal);
        Assert.Contains("tensor 'model.layers.1.mlp.up_proj.weight' has dtype I64, expected F32, BF16 or F16", error.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected tensor 'extra.weight'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_truncated_weights_file_fails_with_a_clear_message()
    {
        using var model = TestModels.Create();
        var path = Path.Combine(_folder, "cut");
        Checkpoint.Save(path, model, TestModels.Tokenizer);
        var weights = Path.Combine(path, Checkpoint.WeightsFile);
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<InputException>(() => Checkpoint.Load(path));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Contains(Checkpoint.WeightsFile, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_the_checkpoint_files_names_the_missing_ones()
    {
        var path = Path.Combine(_folder, "empty");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, Checkpoint.ConfigFile), "{}");

        var error = Assert.Throws<InputException>(() => Checkpoint.Load(path));

        Assert.Contains("missing model.safetensors, tokenizer.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(Checkpoint.WeightsFile, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_config_json_lists_every_problem()
    {
        var error = Assert.Throws<InputException>(() => ModelConfigJson.Read("""{"hidden_size": "wide", "num_attention_heads": 4, "reasonrl": {"norm": "batchnorm"}}""", "c/config.json"));

        Assert.Contains("field 'hidden_size': expected an integer", error.Message, StringComparison.Ordinal);
        Assert.Contains("field 'num_hidden_layers': missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("field 'reasonrl.norm': expected one of layernorm, rmsnorm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_files_join_the_same_atomic_write()
    {
        using var model = TestModels.Create();
        var path = Path.Combine(_folder, "resumable");

        Checkpoint.Save(path, model, TestModels.Tokenizer, folder => File.WriteAllText(Path.Combine(folder, "trainer_state.json"), "{}"));

        Assert.True(File.Exists(Path.Combine(path, "trainer_state.json")));
        Assert.Empty(Directory.GetDirectories(_folder, ".*"));
    }
}
