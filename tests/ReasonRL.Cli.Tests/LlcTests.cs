using System.Text.Json;
using ReasonRL.Core.Text;
using ReasonRL.Model;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;

namespace ReasonRL.Cli.Tests;

/// <summary><c>reasonrl llc</c> and the <c>llc</c> recipe stage on a tiny model: the contract of DESIGN.md.</summary>
public sealed class LlcTests : IDisposable
{
    private static readonly TextTokenizer Tokenizer = TextTokenizer.CharacterLevel(["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789+-*=<>/\n", R1Template.Alphabet]);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Checkpointed()
    {
        var config = TransformerConfig.FromPreset(ModelPreset.Tiny, Tokenizer.VocabSize, 128);
        using var model = TransformerModel.Create(config, seed: 5);
        var folder = _folder.File("model");
        Checkpoint.Save(folder, model, Tokenizer);
        return folder;
    }

    private string Data() => _folder.Write("data.jsonl",
    [
        """{"id": "a", "family": "digits", "prompt": "Compute 1+2", "reference": {"answer": "3"}, "completion": " <think>1+2 = 3</think> <answer>3</answer>"}""",
        """{"id": "b", "family": "digits", "prompt": "Compute 4-1", "reference": {"answer": "3"}, "completion": " <think>4-1 = 3</think> <answer>3</answer>"}""",
        """{"prompt": "User: Compute 2+2\nAssistant:", "completion": " <think>2+2 = 4</think> <answer>4</answer>"}""",
    ]);

    [Fact]
    public async Task Prints_the_estimate_writes_traces_and_is_reproducible_from_the_seed()
    {
        var checkpoint = Checkpointed();
        var data = Data();
        string[] args = ["llc", "--checkpoint", checkpoint, "--data", data, "--chains", "2", "--burn-in", "3", "--draws", "6", "--batch-size", "2"];

        var (exitCode, output, error) = await CliRunner.RunAsync([.. args, "--out", _folder.File("first")]);
        var (againExit, again, againError) = await CliRunner.RunAsync([.. args, "--json"]);

        Assert.True(exitCode == 0, error);
        Assert.True(againExit == 0, againError);
        Assert.Contains("λ̂ = ", output);
        Assert.Contains("standard error over 2 chains", output);
        var written = JsonDocument.Parse(File.ReadAllText(_folder.File("first/llc.json"))).RootElement;
        var printed = JsonDocument.Parse(again).RootElement;
        Assert.Equal(written.GetProperty("llc").GetDouble(), printed.GetProperty("llc").GetDouble());
        Assert.Equal(2, written.GetProperty("llc_per_chain").GetArrayLength());
        var csv = File.ReadAllLines(_folder.File("first/traces.csv"));
        Assert.Equal("chain,step,phase,loss", csv[0]);
        Assert.Equal(1 + (2 * 9), csv.Length);
        Assert.StartsWith("0,3,draw,", csv[4]);
        Assert.True(new FileInfo(_folder.File("first/traces.png")).Length > 1000);
    }

    [Fact]
    public async Task A_line_without_a_completion_names_its_line_and_field()
    {
        var checkpoint = Checkpointed();
        var data = _folder.Write("bad.jsonl", ["""{"prompt": "a", "completion": "b"}""", """{"prompt": "Compute 1+2"}"""]);

        var (exitCode, _, error) = await CliRunner.RunAsync("llc", "--checkpoint", checkpoint, "--data", data, "--out", _folder.File("out"));

        Assert.Equal(2, exitCode);
        Assert.Contains(":2", error);
        Assert.Contains("'completion'", error);
        Assert.False(Directory.Exists(_folder.File("out")));
    }

    [Fact]
    public async Task Bad_sampler_settings_are_refused_before_any_work()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("llc", "--checkpoint", Checkpointed(), "--data", Data(), "--step-size", "0");

        Assert.Equal(2, exitCode);
        Assert.Contains("--step-size", error);
    }

    [Fact]
    public async Task The_recipe_stage_writes_one_metrics_row_per_checkpoint_and_the_report_plots_it()
    {
        var checkpoint = Checkpointed();
        var recipe = _folder.Write("llc.yaml",
        [
            "name: llc-stage",
            $"runs_dir: {_folder.File("runs")}",
            "seed: 3",
            "stages:",
            "  - llc:",
            $"      from: {checkpoint}",
            "      data:",
            "        families:",
            "          - family: digits",
            "            difficulties: [1]",
            "        count: 4",
            "      sampler: {chains: 2, burn_in: 2, draws: 4, batch_size: 2}",
            "  - report:",
        ]);

        var (exitCode, _, error) = await CliRunner.RunAsync("train", recipe, "--no-progress");

        Assert.True(exitCode == 0, error);
        var run = _folder.File("runs/llc-stage");
        var row = JsonDocument.Parse(File.ReadAllLines(Path.Combine(run, "llc", "metrics.jsonl")).Single()).RootElement;
        Assert.Equal(0, row.GetProperty("step").GetInt32());
        Assert.True(double.IsFinite(row.GetProperty("llc").GetDouble()));
        Assert.True(File.Exists(Path.Combine(run, "llc", "step-000000", "traces.png")));
        Assert.True(File.Exists(Path.Combine(run, "plots", "llc__llc.png")));
        var report = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.Contains("Local learning coefficient · stage llc", report);
        Assert.Contains("SGLD loss traces at 1 checkpoints", report);
    }
}
