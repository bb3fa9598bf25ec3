using System.Text.Json;
using ReasonRL.Core.Text;
using ReasonRL.Model;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;
using static TorchSharp.torch;

namespace ReasonRL.Cli.Tests;

/// <summary><c>reasonrl score</c>: the contract of DESIGN.md, checked against the model's own full forward.</summary>
public sealed class ScoreTests : IDisposable
{
    private static readonly TextTokenizer Tokenizer = TextTokenizer.CharacterLevel(["abcdefghij 0123456789+-=<>/", R1Template.Alphabet]);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A tiny grouped-query model (4 heads sharing 2 key/value heads) saved as a checkpoint folder.</summary>
    private (string Folder, TransformerModel Model) Checkpointed()
    {
        var config = TransformerConfig.FromPreset(ModelPreset.Tiny, Tokenizer.VocabSize, 128) with { Heads = 4, KvHeads = 2, TiedEmbeddings = false };
        var model = TransformerModel.Create(config, seed: 5);
        var folder = _folder.File("model");
        Checkpoint.Save(folder, model, Tokenizer);
        return (folder, model);
    }

    /// <summary>log p(sequence[t] | sequence[..t]) from one full forward and a log-softmax, for t ≥ 1.</summary>
    private static float[] FullForward(TransformerModel model, int[] sequence)
    {
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        var logProbs = model.forward(tensor(sequence.Select(t => (long)t).ToArray(), [1, sequence.Length])).log_softmax(-1)[0];
        return [.. Enumerable.Range(1, sequence.Length - 1).Select(t => logProbs[t - 1, sequence[t]].item<float>())];
    }

    [Fact]
    public async Task Token_id_and_text_inputs_get_their_completion_log_probs_under_the_full_distribution()
    {
        var (folder, model) = Checkpointed();
        using var _ = model;
        var input = _folder.Write("in.jsonl",
        [
            """{"id": "ids", "prompt_ids": [1, 5, 9, 12], "completion_ids": [20, 7, 31, 2], "extra": {"kept": true}}""",
            """{"id": "text", "prompt": "3+4", "completion": "<answer>7</answer>"}""",
            """{"id": "raw", "prompt": "3+4=", "completion": "7"}""",
        ]);

        var (exitCode, _, error) = await CliRunner.RunAsync("score", "--checkpoint", folder, "--input", input, "--out", _folder.File("out.jsonl"));
        var (rawExit, rawOut, rawError) = await CliRunner.RunAsync("score", "--checkpoint", folder, "--input", input, "--raw");

        Assert.True(exitCode == 0, error);
        Assert.True(rawExit == 0, rawError);
        var lines = File.ReadAllLines(_folder.File("out.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);
        Assert.True(lines[0].GetProperty("extra").GetProperty("kept").GetBoolean());
        AssertScores(lines[0], model, [1, 5, 9, 12], [20, 7, 31, 2]);
        var templated = (int[])[Tokenizer.BosId, .. Tokenizer.Encode(R1Template.Prompt("3+4"))];
        AssertScores(lines[1], model, templated, Tokenizer.Encode("<answer>7</answer>"));
        var raw = rawOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        AssertScores(raw[2], model, [Tokenizer.BosId, .. Tokenizer.Encode("3+4=")], Tokenizer.Encode("7"));
        Assert.Equal(lines[0].GetProperty("completion_logprobs").GetRawText(), raw[0].GetProperty("completion_logprobs").GetRawText());
    }

    [Theory]
    [InlineData("""{"prompt_ids": [1, 2], "completion_ids": [3, 999]}""", "field 'completion_ids': element 1 is not a token id")]
    [InlineData("""{"prompt": "3+4"}""", "field 'completion': missing")]
    [InlineData("""{"prompt": "3+4", "completion": "7", "prompt_ids": [1]}""", "give either prompt and completion")]
    [InlineData("""{"prompt_ids": [1, 2], "completion_ids": []}""", "field 'completion_ids': expected a non-empty array")]
    public async Task A_bad_line_names_its_line_and_field_and_leaves_no_output(string badLine, string message)
    {
        var (folder, model) = Checkpointed();
        model.Dispose();
        var input = _folder.Write("in.jsonl", ["""{"prompt_ids": [1, 2], "completion_ids": [3]}""", badLine]);

        var (exitCode, _, error) = await CliRunner.RunAsync("score", "--checkpoint", folder, "--input", input, "--out", _folder.File("out.jsonl"));

        Assert.Equal(2, exitCode);
        Assert.Contains("in.jsonl:2", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File("out.jsonl")));
    }

    private static void AssertScores(JsonElement line, TransformerModel model, int[] prompt, int[] completion)
    {
        Assert.Equal(completion, line.GetProperty("completion_ids").EnumerateArray().Select(e => e.GetInt32()));
        var expected = FullForward(model, [.. prompt, .. completion]).Skip(prompt.Length - 1).ToArray();
        var actual = line.GetProperty("completion_logprobs").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        Assert.All(expected.Zip(actual), pair => Assert.True(Math.Abs(pair.First - pair.Second) < 1e-5, $"{pair.First} vs {pair.Second}"));
    }
}
