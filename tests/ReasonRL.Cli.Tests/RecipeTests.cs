namespace ReasonRL.Cli.Tests;

public sealed class RecipeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-recipe-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Recipe(string yaml)
    {
        var path = Path.Combine(_folder, "recipe.yaml");
        File.WriteAllText(path, yaml.Replace("RUNS", Path.Combine(_folder, "runs"), StringComparison.Ordinal));
        return path;
    }

    private const string Valid = """
        name: demo
        seed: 3
        runs_dir: RUNS
        stages:
          - pretrain:
              name: base
              model:
                preset: tiny
              steps: 10
        """;

    [Fact]
    public async Task A_misspelled_key_names_file_line_and_the_allowed_keys()
    {
        var path = Recipe(Valid.Replace("steps: 10", "stpes: 10", StringComparison.Ordinal));

        var (exitCode, _, error) = await CliRunner.RunAsync("train", path, "--validate");

        Assert.Equal(2, exitCode);
        Assert.Contains($"{path}:9: unknown key 'stpes' in 'pretrain' (did you mean 'steps'?); allowed keys: name, seed, model, from, corpus, optimizer, steps, batch_size,", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_enum_value_names_file_line_and_the_allowed_values()
    {
        var path = Recipe(Valid.Replace("preset: tiny", "preset: huge", StringComparison.Ordinal));

        var (exitCode, _, error) = await CliRunner.RunAsync("train", path, "--validate");

        Assert.Equal(2, exitCode);
        Assert.Contains($"{path}:8: 'pretrain.model.preset': 'huge' is not one of: tiny, small, base", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_training_dtype_that_is_not_float32_or_bfloat16_is_refused_with_file_and_line()
    {
        var path = Recipe(Valid.Replace("steps: 10", "steps: 10\n      training_dtype: float16", StringComparison.Ordinal));

        var (exitCode, _, error) = await CliRunner.RunAsync("train", path, "--validate");

        Assert.Equal(2, exitCode);
        Assert.Contains($"{path}:10: 'pretrain.training_dtype': 'float16' is not one of: float32, bfloat16", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enum_keyed_mappings_check_their_keys()
    {
        var path = Recipe(Valid.Replace("steps: 10", "steps: 10\n      corpus:\n        styles: {direct: 1, stesp: 2}", StringComparison.Ordinal));

        var (exitCode, _, error) = await CliRunner.RunAsync("train", path, "--validate");

        Assert.Equal(2, exitCode);
        Assert.Contains("'pretrain.corpus.styles key': 'stesp' is not one of: direct, steps, steps_with_verification, answer_then_check (did you mean 'steps'?)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_stage_kind_lists_the_stages()
    {
        var path = Recipe(Valid.Replace("- pretrain:", "- pretrian:", StringComparison.Ordinal));

        var (exitCode, _, error) = await CliRunner.RunAsync("train", path, "--validate");

        Assert.Equal(2, exitCode);
        Assert.Contains($"{path}:5: unknown stage 'pretrian'; allowed stages:", error, StringComparison.Ordinal);
        Assert.Contains("(did you mean 'pretrain'?)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        var path = Recipe("""
            name: demo
            seed: -1
            stages:
              - pretrain:
                  steps: lots
                  batch_size: 0
                  model:
                    preset: tiny
                    heads: 3
            """);

        var (exitCode, _, error) = await CliRunner.RunAsync("train", path, "--validate");

        Assert.Equal(2, exitCode);
        Assert.Contains("3 problems in", error, StringComparison.Ordinal);
        Assert.Contains($"{path}:9: 'pretrain.model.heads': d_model (32) must be divisible by heads (3)", error, StringComparison.Ordinal);
        Assert.Contains($"{path}:2: 'recipe.seed': expected a non-negative integer, got '-1'", error, StringComparison.Ordinal);
        Assert.Contains($"{path}:5: 'pretrain.steps': expected an integer, got 'lots'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cross_field_checks_report_every_problem_with_its_line()
    {
        var path = Recipe("""
            name: demo
            stages:
              - pretrain:
                  steps: 0
                  batch_size: 0
                  model:
                    preset: tiny
                    heads: 3
            """);

        var (exitCode, _, error) = await CliRunner.RunAsync("train", path, "--validate");

        Assert.Equal(2, exitCode);
        Assert.Contains($"{path}:8: 'pretrain.model.heads': d_model (32) must be divisible by heads (3)", error, StringComparison.Ordinal);
        Assert.Contains($"{path}:4: 'pretrain.steps': must be positive, got 0", error, StringComparison.Ordinal);
        Assert.Contains($"{path}:5: 'pretrain.batch_size': must be positive, got 0", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_key_is_reported()
    {
        var path = Recipe("stages:\n  - pretrain:\n");

        var (exitCode, _, error) = await CliRunner.RunAsync("train", path, "--validate");

        Assert.Equal(2, exitCode);
        Assert.Contains("'recipe' needs the key 'name'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_overrides_are_typed_and_appear_in_the_resolved_recipe()
    {
        var path = Recipe(Valid);

        var (exitCode, output, _) = await CliRunner.RunAsync(
            "train", path, "--validate", "--set", "base.steps=25", "--set", "seed=9", "--set", "base.optimizer.learning_rate=0.01");

        Assert.Equal(0, exitCode);
        Assert.Contains("seed: 9", output, StringComparison.Ordinal);
        Assert.Contains("steps: 25", output, StringComparison.Ordinal);
        Assert.Contains("learning_rate: 0.01", output, StringComparison.Ordinal);
        Assert.Contains("warmup_steps: 100", output, StringComparison.Ordinal); // defaults are written out
    }

    [Theory]
    [InlineData("base.stpes=5", "--set base.stpes=5: unknown key 'stpes' in 'pretrain'")]
    [InlineData("base.model.preset=huge", "--set base.model.preset=huge: 'pretrain.model.preset': 'huge' is not one of: tiny, small, base")]
    [InlineData("base.steps", "--set base.steps: expected KEY=VALUE")]
    [InlineData("base.steps.x=1", "--set base.steps.x=1: 'steps' is a value, not a section")]
    public async Task A_bad_override_is_reported_as_the_override(string assignment, string expected)
    {
        var path = Recipe(Valid);

        var (exitCode, _, error) = await CliRunner.RunAsync("train", path, "--validate", "--set", assignment);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweep_arms_are_the_recipe_with_their_keys_changed()
    {
        var path = Recipe(Valid + """

            sweep:
              arms:
                - name: short
                  set: {base.steps: 5}
                - name: long
                  set: {base.steps: 50}
            """);

        var (exitCode, output, _) = await CliRunner.RunAsync("train", path, "--validate", "--sweep");

        Assert.Equal(0, exitCode);
        var arms = output.Split("# arm ");
        Assert.Equal(3, arms.Length);
        Assert.StartsWith("short", arms[1], StringComparison.Ordinal);
        Assert.Contains("steps: 5\n", arms[1], StringComparison.Ordinal);
        Assert.Contains("steps: 50\n", arms[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_writes_its_resolved_recipe_summary_log_and_report()
    {
        var path = Recipe("name: demo\nruns_dir: RUNS\nstages:\n  - report:\n");

        var (exitCode, _, _) = await CliRunner.RunAsync("train", path);

        Assert.Equal(0, exitCode);
        var run = Path.Combine(_folder, "runs", "demo");
        Assert.Contains("- report: {}", File.ReadAllText(Path.Combine(run, "recipe.resolved.yaml")), StringComparison.Ordinal);
        Assert.Contains("\"name\": \"report\"", File.ReadAllText(Path.Combine(run, "summary.json")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(run, "report.html")));
        Assert.Contains("Run demo finished", File.ReadAllText(Path.Combine(run, "log.txt")), StringComparison.Ordinal);

        var (again, _, _) = await CliRunner.RunAsync("train", path, "--force");
        Assert.Equal(0, again);
    }

    [Fact]
    public async Task A_run_folder_is_never_reused_without_resume_or_force()
    {
        var path = Recipe(Valid);
        var existing = Path.Combine(_folder, "runs", "demo");
        Directory.CreateDirectory(existing);
        File.WriteAllText(Path.Combine(existing, "metrics.jsonl"), "{}");

        var (exitCode, _, error) = await CliRunner.RunAsync("train", path);

        Assert.Equal(2, exitCode);
        Assert.Contains("already exists; pass --resume to continue it or --force to start over", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(existing, "metrics.jsonl")));
    }
}
