namespace ReasonRL.Cli.Tests;

public sealed class RolloutRecipeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-rollout-recipe-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Recipe(string rollout)
    {
        var path = Path.Combine(_folder, "recipe.yaml");
        File.WriteAllText(path, $"""
            name: demo
            runs_dir: {Path.Combine(_folder, "runs")}
            stages:
              - pretrain:
                  name: base
                  model:
                    preset: tiny
                  steps: 2
              - grpo:
                  from: base
                  prompts_per_step: 4
                  group_size: 4
                  minibatch_size: 16
                  rollout:
            {rollout}
            """);
        return path;
    }

    [Fact]
    public async Task A_valid_rollout_section_validates()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("train", Recipe("        workers: cluster\n        partitions: 2\n        cluster: redis://127.0.0.1:6379"), "--validate");

        Assert.True(exitCode == 0, error);
    }

    [Fact]
    public async Task Staleness_with_the_decoupled_objective_validates()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("train", Recipe("        max_staleness: 1\n      old_log_probs: trainer"), "--validate");

        Assert.True(exitCode == 0, error);
    }

    [Theory]
    [InlineData("        workers: clustre", ":15: 'grpo.rollout.workers': 'clustre' is not one of: local, cluster (did you mean 'cluster'?)")]
    [InlineData("        partitions: 5", ":14: 'grpo.rollout.partitions': a unit holds whole groups, so at most prompts_per_step (4) units, got 5")]
    [InlineData("        partitions: 0", ":15: 'grpo.rollout.partitions': must be positive, got 0")]
    [InlineData("        cluster: zookeeper://h", ":15: 'grpo.rollout.cluster': 'zookeeper://h' is not a cluster connection: use localhost, localhost:PORT or redis://HOST:PORT")]
    [InlineData("        max_stalenes: 1", ":15: unknown key 'max_stalenes' in 'grpo.rollout'")]
    [InlineData("        max_staleness: -1", ":15: 'grpo.rollout.max_staleness': must be from 0 (synchronous) to 8 (updates the sampling policy may lag), got -1")]
    [InlineData("        max_staleness: 9", ":15: 'grpo.rollout.max_staleness': must be from 0 (synchronous) to 8 (updates the sampling policy may lag), got 9")]
    [InlineData("        max_staleness: one", ":15: 'grpo.rollout.max_staleness'")]
    [InlineData("        max_staleness: 1", "'grpo.old_log_probs': rollout.max_staleness: 1 needs old_log_probs: trainer")]
    [InlineData("        max_staleness: 2\n      old_log_probs: trainer\n      sampler_correction: none", "'grpo.sampler_correction': rollout.max_staleness: 2 needs sampler_correction: tis")]
    public async Task A_bad_rollout_value_names_file_line_and_what_is_allowed(string rollout, string message)
    {
        var path = Recipe(rollout);

        var (exitCode, _, error) = await CliRunner.RunAsync("train", path, "--validate");

        Assert.Equal(2, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
