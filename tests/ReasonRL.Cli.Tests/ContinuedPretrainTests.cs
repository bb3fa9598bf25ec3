using System.Text.Json;
using ReasonRL.Model.Checkpoints;

namespace ReasonRL.Cli.Tests;

/// <summary>A pretrain stage with <c>from:</c> continues a trained model on a new mixture instead of starting afresh.</summary>
public sealed class ContinuedPretrainTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Continues_the_named_stage_with_its_architecture_and_weights()
    {
        var recipe = _folder.Write("continue.yaml", [
            "name: continue",
            $"runs_dir: {_folder.File("runs")}",
            "stages:",
            "  - pretrain:",
            "      name: base",
            "      model: {preset: tiny, context_length: 48, d_model: 48}",
            "      corpus: {families: [{family: digits, difficulties: [1]}]}",
            "      steps: 4",
            "      batch_size: 2",
            "      eval: {samples: 0}",
            "  - pretrain:",
            "      name: anneal",
            "      from: base",
            "      corpus: {families: [{family: digits, difficulties: [2]}], styles: {direct: 1}}",
            "      steps: 2",
            "      batch_size: 2",
            "      optimizer: {learning_rate: 1.0e-9, weight_decay: 0}",
            "      eval: {samples: 0}",
        ]);

        var (exitCode, _, error) = await CliRunner.RunAsync("train", recipe);

        Assert.True(exitCode == 0, error);
        var run = _folder.File(Path.Combine("runs", "continue"));
        var baseFinal = Path.Combine(run, "base", "final");
        var annealFinal = Path.Combine(run, "anneal", "final");
        // The architecture comes from the checkpoint (d_model 48 is no preset's), and with a learning rate of 1e-9 the
        // weights move by a few 1e-9 at most: the stage started from the base, not from a fresh initialisation
        // (whose weights differ from the base's by ~1e-2).
        Assert.Equal(48, JsonDocument.Parse(File.ReadAllText(Path.Combine(annealFinal, "config.json"))).RootElement.GetProperty("hidden_size").GetInt32());
        using var scope = TorchSharp.torch.NewDisposeScope();
        var before = SafeTensors.Load(Path.Combine(baseFinal, "model.safetensors"));
        var after = SafeTensors.Load(Path.Combine(annealFinal, "model.safetensors"));
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, tensor) in before)
        {
            var change = (after[name] - tensor).abs().max().item<float>();
            Assert.True(change < 1e-6, $"{name} moved by {change}");
        }

        Assert.Contains("continuing base", File.ReadAllText(Path.Combine(run, "log.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_and_from_together_are_refused_with_the_field()
    {
        var recipe = _folder.Write("both.yaml", [
            "name: both",
            $"runs_dir: {_folder.File("runs")}",
            "stages:",
            "  - pretrain:",
            "      name: base",
            "      model: {preset: tiny}",
            "      steps: 1",
            "  - pretrain:",
            "      name: anneal",
            "      from: base",
            "      model: {preset: tiny}",
            "      steps: 1",
        ]);

        var (exitCode, _, error) = await CliRunner.RunAsync("train", recipe);

        Assert.Equal(2, exitCode);
        Assert.Contains("from", error, StringComparison.Ordinal);
        Assert.Contains("not both", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder.File(Path.Combine("runs", "both"))));
    }
}
