using System.Text.Json;
using ReasonRL.Training.Metrics;

namespace ReasonRL.Cli.Tests;

/// <summary>
/// The process-reward path end to end through the CLI on a tiny model: pretrain → prm (Monte-Carlo labels on
/// thinking lines) → grpo rewarded by the PRM under a sampled-token budget.
/// </summary>
public sealed class PrmStageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-prm-stage-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Recipe(string grpoProcessRewards) =>
        WriteRecipe($$$"""
            name: prm
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
                  labels: {source: monte_carlo, steps: lines, continuations: 2, estimate: soft}
                  steps: 3
                  batch_size: 4
                  eval_every: 0
              - grpo:
                  from: base
                  problems: {families: [{family: arithmetic, difficulties: [1]}]}
                  steps: 20
                  max_sampled_tokens: 40
                  prompts_per_step: 2
                  group_size: 2
                  minibatch_size: 4
                  sampling: {max_new_tokens: 8}
                  advantage: outcome_and_process
                  process_rewards: {{{grpoProcessRewards}}}
                  eval: {every: 0, samples: 0}
            """);

    private string WriteRecipe(string text)
    {
        var path = Path.Combine(_folder, "prm.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task A_prm_stage_trains_a_reward_model_that_a_grpo_stage_is_rewarded_by()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("train", Recipe("{source: prm, prm: prm, credit_assignment: min}"));

        Assert.True(exitCode == 0, error);
        var run = Path.Combine(_folder, "runs", "prm");
        using (var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "prm", "result.json"))))
        {
            var summary = result.RootElement.GetProperty("summary");
            foreach (var key in new[] { "step_accuracy", "step_auc", "solution_auc", "train_solutions", "held_out_solutions" })
            {
                Assert.True(summary.TryGetProperty(key, out _), $"result.json lacks {key}");
            }
        }

        Assert.Equal(9, File.ReadAllLines(Path.Combine(run, "prm", "data", "train.jsonl")).Length);
        Assert.Contains("\"head\": \"process_reward\"", File.ReadAllText(Path.Combine(run, "prm", "final", "config.json")), StringComparison.Ordinal);
        var rows = MetricsFile.Read(Path.Combine(run, "grpo", "metrics.jsonl"));
        Assert.InRange(rows.Count, 1, 19);
        Assert.True(rows[^1][MetricNames.SampledTokens] >= 40);
        Assert.All(rows, r => Assert.True(r.ContainsKey("prm/gap") && r.ContainsKey("prm/score_mean")));
    }

    [Theory]
    [InlineData("{source: prm}", "'grpo.process_rewards.prm': source: prm needs the process reward model")]
    [InlineData("{source: prm, prm: nowhere}", "stage 'grpo': 'process_rewards.prm: nowhere' names neither an earlier stage")]
    [InlineData("{source: prm, prm: prm, credit_assignment: average}", "'average' is not one of: sum, min")]
    public async Task A_grpo_stage_must_name_a_process_reward_model_it_can_find(string processRewards, string expected)
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("train", Recipe(processRewards), "--validate");

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
