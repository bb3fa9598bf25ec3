namespace ReasonRL.Cli.Tests;

/// <summary>A sweep runs the stages every arm shares once, then each arm's own stages, and overlays the arms in one report.</summary>
public sealed class SweepTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-sweep-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Shared_stages_run_once_and_each_arm_trains_from_them()
    {
        var recipe = Path.Combine(_folder, "sweep.yaml");
        File.WriteAllText(recipe, $$"""
            name: sweep
            runs_dir: {{Path.Combine(_folder, "runs")}}
            stages:
              - pretrain:
                  name: base
                  model: {preset: tiny, context_length: 64}
                  corpus: {families: [{family: arithmetic, difficulties: [1]}]}
                  steps: 3
                  batch_size: 2
                  eval: {samples: 0}
              - grpo:
                  from: base
                  problems: {families: [{family: arithmetic, difficulties: [1]}]}
                  steps: 2
                  prompts_per_step: 2
                  group_size: 2
                  minibatch_size: 4
                  sampling: {max_new_tokens: 8}
                  eval: {every: 0, samples: 0}
            sweep:
              arms:
                - name: beta0
                  set: {grpo.kl_beta: 0}
                - name: beta1
                  set: {grpo.kl_beta: 0.1}
            """);

        var (exitCode, _, error) = await CliRunner.RunAsync("train", recipe, "--sweep");

        Assert.True(exitCode == 0, error);
        var run = Path.Combine(_folder, "runs", "sweep");
        Assert.True(File.Exists(Path.Combine(run, "base", "final", "model.safetensors")));
        foreach (var arm in new[] { "beta0", "beta1" })
        {
            Assert.False(Directory.Exists(Path.Combine(run, arm, "base")));
            Assert.Equal(2, File.ReadAllLines(Path.Combine(run, arm, "grpo", "metrics.jsonl")).Length);
            Assert.True(File.Exists(Path.Combine(run, arm, "grpo", "final", "model.safetensors")));
        }

        Assert.Contains("kl_beta: 0.1", File.ReadAllText(Path.Combine(run, "beta1", "recipe.resolved.yaml")), StringComparison.Ordinal);
        Assert.Contains("Samples of beta1", File.ReadAllText(Path.Combine(run, "report.html")), StringComparison.Ordinal);
    }
}
