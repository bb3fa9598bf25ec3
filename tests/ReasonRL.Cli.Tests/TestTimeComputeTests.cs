using System.Text.Json;
using ReasonRL.Core.Evaluation;
using ReasonRL.Core.Json;
using ReasonRL.Core.Tasks;
using ReasonRL.Model;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Stages;
using ReasonRL.Verifiers.Arithmetic;

namespace ReasonRL.Cli.Tests;

public sealed class TestTimeComputeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-test-time-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Recipe(string testTime, int samples = 4)
    {
        var path = Path.Combine(_folder, "ttc.yaml");
        File.WriteAllText(path, $$$"""
            name: ttc
            runs_dir: {{{Path.Combine(_folder, "runs")}}}
            stages:
              - pretrain:
                  name: base
                  model: {preset: tiny, context_length: 64}
                  corpus: {families: [{family: arithmetic, difficulties: [1]}], styles: {steps: 1}}
                  steps: 3
                  batch_size: 2
                  eval: {samples: 0}
              - prm:
                  from: base
                  data: {families: [{family: arithmetic, difficulties: [1]}], sampled_problems: 3, samples_per_problem: 2, rendered: 3, max_new_tokens: 16, held_out_fraction: 0.5}
                  labels: {source: verifier, steps: verifier}
                  steps: 2
                  batch_size: 4
                  eval_every: 0
              - eval:
                  from: base
                  problems: {families: [{family: arithmetic, difficulties: [1]}], count: 3}
                  samples: {{{samples}}}
                  max_new_tokens: 12
                  test_time: {{{testTime}}}
              - report:
            """);
        return path;
    }

    [Fact]
    public async Task An_eval_stage_writes_the_curve_with_prm_best_of_k_and_the_report_draws_it()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("train", Recipe("{ks: [1, 2, 4], prm: prm}"));

        Assert.True(exitCode == 0, error);
        var run = Path.Combine(_folder, "runs", "ttc");
        var curve = JsonSerializer.Deserialize<List<ScalingPoint>>(File.ReadAllText(Path.Combine(run, "eval", "test_time.json")), RecordJson.Options)!;
        Assert.Equal([1, 2, 4], curve.Select(p => p.K));
        Assert.All(curve, p => Assert.NotNull(p.BestOfK));
        // One sample: every method answers with it.
        Assert.Equal(curve[0].PassAtK, curve[0].MajAtK, 12);
        Assert.Equal(curve[0].PassAtK, curve[0].BestOfK!.Value, 12);
        // No selection beats the oracle, and the oracle only gains with more samples.
        Assert.All(curve, p => Assert.True(p.MajAtK <= p.PassAtK + 1e-12 && p.BestOfK <= p.PassAtK + 1e-12));
        Assert.True(curve[0].PassAtK <= curve[1].PassAtK && curve[1].PassAtK <= curve[2].PassAtK);
        using (var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "eval", "result.json"))))
        {
            var summary = result.RootElement.GetProperty("summary");
            Assert.Equal(curve[2].BestOfK!.Value, summary.GetProperty("best_of_4").GetDouble(), 12);
        }

        var report = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.Contains("Test-time compute: accuracy against samples per problem", report, StringComparison.Ordinal);
        Assert.Contains("best-of-k (PRM picks)", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ks: [1, 8]}", "'eval.test_time.ks': k = 8 needs at least that many samples per problem; samples is 4")]
    [InlineData("{ks: [0, 1]}", "every k must be at least 1")]
    [InlineData("{prm: nowhere}", "'test_time.prm: nowhere' names neither an earlier stage")]
    [InlineData("{aggregation: mean}", "'mean' is not one of: min, product")]
    public async Task A_bad_test_time_section_is_refused_naming_its_key(string testTime, string expected)
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("train", Recipe(testTime), "--validate");

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_prints_the_same_curve_online_and_from_the_scored_file()
    {
        var tokenizer = ModelVocabulary.For(new TaskFamilyRegistry([new ArithmeticFamily()]));
        var checkpoint = Path.Combine(_folder, "tiny");
        using (var model = TransformerModel.Create(TransformerConfig.FromPreset(ModelPreset.Tiny, tokenizer.VocabSize, 96), seed: 3))
        {
            Checkpoint.Save(checkpoint, model, tokenizer);
        }

        var problems = Path.Combine(_folder, "test.jsonl");
        var scored = Path.Combine(_folder, "scored.jsonl");
        Assert.Equal(0, (await CliRunner.RunAsync("tasks", "generate", "arithmetic", "--count", "3", "--seed", "1", "--split", "test", "--out", problems)).ExitCode);

        var online = await CliRunner.RunAsync(
            "eval", "--checkpoint", checkpoint, "--problems", problems, "--samples", "4", "--max-new-tokens", "16", "--out", scored, "--test-time", "--json");
        var offline = await CliRunner.RunAsync("eval", "--input", scored, "--k", "4", "--test-time", "--json");
        var table = await CliRunner.RunAsync("eval", "--input", scored, "--k", "4", "--test-time", "--ks", "1,4");

        Assert.True(online.ExitCode == 0, online.Error);
        Assert.Equal(online.Out, offline.Out);
        using var json = JsonDocument.Parse(online.Out);
        Assert.Equal([1, 2, 4], json.RootElement.GetProperty("test_time").EnumerateArray().Select(p => p.GetProperty("k").GetInt32()));
        Assert.Contains("test-time compute", table.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("best-of-k", table.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--ks", "5", "--ks: k = 5 needs 5 samples per problem; there are 4")]
    [InlineData("--ks", "1,x", "--ks: 'x' is not a positive whole number")]
    [InlineData("--prm", "somewhere", "--prm needs the online evaluation")]
    public async Task Eval_refuses_impossible_test_time_options(string option, string value, string expected)
    {
        var scored = Path.Combine(_folder, "scored.jsonl");
        await File.WriteAllLinesAsync(scored, Enumerable.Range(0, 4).Select(i =>
            "{\"id\": \"p1\", \"family\": \"arithmetic\", \"difficulty\": 1, \"prompt\": \"Compute 1+1\", \"reference\": {\"answer\": 2}, " +
            $"\"completion\": \"<answer>{i}</answer>\", \"verdict\": {{\"outcome\": \"{(i == 2 ? "correct" : "incorrect")}\", \"reward\": 0}}}}"));

        var (exitCode, _, error) = await CliRunner.RunAsync("eval", "--input", scored, "--k", "4", "--test-time", option, value);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
