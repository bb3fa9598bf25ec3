using ReasonRL.Core.Tasks;
using ReasonRL.Model;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Stages;
using ReasonRL.Verifiers.Arithmetic;

namespace ReasonRL.Cli.Tests;

public sealed class OnlineEvalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-online-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string TinyCheckpoint()
    {
        var tokenizer = ModelVocabulary.For(new TaskFamilyRegistry([new ArithmeticFamily()]));
        using var model = TransformerModel.Create(TransformerConfig.FromPreset(ModelPreset.Tiny, tokenizer.VocabSize, 96), seed: 3);
        var path = Path.Combine(_folder, "tiny");
        Checkpoint.Save(path, model, tokenizer);
        return path;
    }

    [Fact]
    public async Task Online_evaluation_writes_scored_completions_that_offline_evaluation_reproduces()
    {
        var checkpoint = TinyCheckpoint();
        var problems = Path.Combine(_folder, "test.jsonl");
        var scored = Path.Combine(_folder, "scored.jsonl");
        Assert.Equal(0, (await CliRunner.RunAsync("tasks", "generate", "arithmetic", "--count", "3", "--seed", "1", "--split", "test", "--out", problems)).ExitCode);

        var online = await CliRunner.RunAsync(
            "eval", "--checkpoint", checkpoint, "--problems", problems, "--samples", "3", "--max-new-tokens", "24", "--out", scored, "--json");
        var offline = await CliRunner.RunAsync("eval", "--input", scored, "--k", "3", "--json");

        Assert.Equal(0, online.ExitCode);
        Assert.Equal(9, File.ReadAllLines(scored).Length);
        Assert.Equal(online.Out, offline.Out);
    }

    [Fact]
    public async Task Sample_prints_each_completion_with_its_length_and_why_it_stopped()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync(
            "sample", "--checkpoint", TinyCheckpoint(), "--prompt", "Compute 2+2", "--n", "2", "--max-new-tokens", "8", "--seed", "4");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("User: Compute 2+2\nAssistant:", output, StringComparison.Ordinal);
        Assert.Contains("--- sample 1/2 (", output, StringComparison.Ordinal);
        Assert.Contains("--- sample 2/2 (", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_checkpoint_is_a_clear_input_error()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("sample", "--checkpoint", Path.Combine(_folder, "nope"), "--prompt", "x");

        Assert.Equal(2, exitCode);
        Assert.Contains("nope", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
