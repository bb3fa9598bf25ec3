using System.Text.Json;
using ReasonRL.Core;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Transformer;
using static TorchSharp.torch;

namespace ReasonRL.Model.Tests;

/// <summary>The process reward model: a causal scalar head on the transformer, saved in a token-classification layout.</summary>
public sealed class ProcessRewardModelTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-prm-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Tensor Tokens(string text) => tensor(TestModels.Prompt(text).Select(t => (long)t).ToArray()).unsqueeze(0);

    [Fact]
    public void A_fresh_head_starts_every_step_near_one_half_and_reads_causally()
    {
        using var prm = new ProcessRewardModel(TestModels.Create(), seed: 5);
        using var guard = no_grad();

        var first = prm.forward(Tokens("1+2=3 ab 4"));
        var changed = prm.forward(Tokens("1+2=3 ab 9"));

        Assert.Equal([1L, TestModels.Prompt("1+2=3 ab 4").Length], first.shape);
        Assert.True(first.sigmoid().sub(0.5).abs().max().item<float>() < 0.1f);
        // Changing the last token leaves every earlier step's score as it was.
        var n = first.shape[1];
        Assert.True(TestModels.Identical(first.narrow(1, 0, n - 1), changed.narrow(1, 0, n - 1)));
    }

    [Fact]
    public void A_checkpoint_round_trips_with_token_classification_names_and_its_settings()
    {
        using var prm = new ProcessRewardModel(TestModels.Create(TestModels.Tiny() with { TiedEmbeddings = false }), seed: 5);
        var path = Path.Combine(_folder, "prm");

        ProcessRewardCheckpoint.Save(path, prm, TestModels.Tokenizer, new Dictionary<string, string> { ["step_segmentation"] = "lines" });
        using var loaded = ProcessRewardCheckpoint.Load(path);

        var (entries, _) = SafeTensors.ReadHeader(Path.Combine(path, Checkpoint.WeightsFile));
        Assert.Contains("score.weight", entries.Keys);
        Assert.Contains("score.bias", entries.Keys);
        Assert.Contains("model.embed_tokens.weight", entries.Keys);
        Assert.DoesNotContain(entries.Keys, k => k.StartsWith("lm_head", StringComparison.Ordinal) || k.StartsWith("backbone", StringComparison.Ordinal));
        Assert.Equal([1L, 32L], entries["score.weight"].Shape);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(path, Checkpoint.ConfigFile)));
        Assert.Equal("LlamaForTokenClassification", config.RootElement.GetProperty("architectures")[0].GetString());
        Assert.Equal(1, config.RootElement.GetProperty("num_labels").GetInt32());
        Assert.Equal("lines", loaded.Settings["step_segmentation"]);
        using var guard = no_grad();
        Assert.True(TestModels.Identical(prm.forward(Tokens("12+7")), loaded.Model.forward(Tokens("12+7"))));
    }

    [Fact]
    public void A_prm_starts_from_a_language_model_with_its_backbone_weights()
    {
        using var language = TestModels.Create(seed: 11);
        var path = Path.Combine(_folder, "lm");
        Checkpoint.Save(path, language, TestModels.Tokenizer);

        var (prm, tokenizer) = ProcessRewardCheckpoint.FromLanguageModel(path, seed: 2);
        using (prm)
        {
            var weights = prm.NamedWeights();
            Assert.True(tokenizer.SameAs(TestModels.Tokenizer));
            Assert.True(TestModels.Identical(language.state_dict()["model.layers.0.self_attn.q_proj.weight"], weights["model.layers.0.self_attn.q_proj.weight"]));
        }
    }

    [Fact]
    public void Language_model_and_prm_folders_are_not_mistaken_for_each_other()
    {
        using var language = TestModels.Create();
        var lmPath = Path.Combine(_folder, "lm");
        Checkpoint.Save(lmPath, language, TestModels.Tokenizer);
        var prmPath = Path.Combine(_folder, "prm");
        using var prm = new ProcessRewardModel(TestModels.Create(), seed: 1);
        ProcessRewardCheckpoint.Save(prmPath, prm, TestModels.Tokenizer, new Dictionary<string, string>());

        Assert.Contains("not a process reward model", Assert.Throws<InputException>(() => ProcessRewardCheckpoint.Load(lmPath)).Message, StringComparison.Ordinal);
        Assert.Contains("a process reward model, not a language model", Assert.Throws<InputException>(() => Checkpoint.Load(prmPath)).Message, StringComparison.Ordinal);
    }
}
