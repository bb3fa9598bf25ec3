using ReasonRL.Core.Tasks;
using ReasonRL.Model;
using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Stages;
using ReasonRL.Verifiers.Arithmetic;

namespace ReasonRL.Cli.Tests;

public sealed class DistillTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Checkpoint(string name, TextTokenizer tokenizer)
    {
        using var model = TransformerModel.Create(TransformerConfig.FromPreset(ModelPreset.Tiny, tokenizer.VocabSize, 96), seed: 3);
        var path = _folder.File(name);
        Model.Checkpoints.Checkpoint.Save(path, model, tokenizer);
        return path;
    }

    private static TextTokenizer Arithmetic => ModelVocabulary.For(new TaskFamilyRegistry([new ArithmeticFamily()]));

    [Fact]
    public async Task Generate_writes_the_dataset_its_problems_and_statistics_and_prints_the_table()
    {
        var teacher = Checkpoint("teacher", Arithmetic);
        var problems = _folder.File("train.jsonl");
        Assert.Equal(0, (await CliRunner.RunAsync("tasks", "generate", "arithmetic", "--count", "3", "--seed", "1", "--difficulty", "1", "--out", problems)).ExitCode);

        var (exitCode, output, error) = await CliRunner.RunAsync(
            "distill", "generate", "--teacher", teacher, "--problems", problems, "--samples", "2", "--max-new-tokens", "8", "--keep", "first_correct");

        Assert.True(exitCode == 0, error);
        Assert.Equal(["train.distill.jsonl", "train.distill.jsonl.problems.jsonl", "train.distill.jsonl.stats.json", "train.jsonl"], _folder.Files);
        Assert.Equal(3, File.ReadAllLines(_folder.File("train.distill.jsonl.problems.jsonl")).Length);
        Assert.StartsWith("3 problems × samples: 6 sampled", output, StringComparison.Ordinal);
        Assert.Contains("arithmetic       1        3", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_keep_rule_lists_the_rules()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync(
            "distill", "generate", "--teacher", "t", "--problems", "p.jsonl", "--samples", "2", "--keep", "best");

        Assert.Equal(2, exitCode);
        Assert.Contains("--keep: 'best' is not one of: all_correct, best_of_n, first_correct", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_teacher_with_another_tokenizer_stops_the_distill_stage_naming_both_checkpoints()
    {
        var student = Checkpoint("student", Arithmetic);
        var teacher = Checkpoint("teacher", TextTokenizer.CharacterLevel(["0123456789 abc"]));
        var data = _folder.Write("pairs.jsonl", ["{\"prompt\": \"User: Compute 1+1\\nAssistant:\", \"completion\": \" <answer>2</answer>\"}"]);
        var recipe = _folder.Write("kd.yaml",
        [
            "name: kd",
            $"runs_dir: {_folder.File("runs")}",
            "stages:",
            "  - distill:",
            $"      from: {student}",
            $"      teacher: {teacher}",
            $"      data: {{file: {data}}}",
            "      steps: 1",
        ]);

        var (exitCode, _, error) = await CliRunner.RunAsync("train", recipe);

        Assert.Equal(2, exitCode);
        Assert.Contains($"teacher {teacher} and student {student} use different tokenizers", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recipe_references_to_teachers_and_datasets_are_checked_at_load()
    {
        var recipe = _folder.Write("bad.yaml",
        [
            "name: bad",
            "stages:",
            "  - pretrain: {name: base, model: {preset: tiny}, steps: 1}",
            "  - distill_data: {name: data, teacher: nowhere}",
            "  - sft: {from: base, data: {from: base}}",
            "  - distill: {from: base, teacher: base, problems: {count: 4}, data: {from: data}}",
        ]);

        var (exitCode, _, error) = await CliRunner.RunAsync("train", recipe, "--validate");

        Assert.Equal(2, exitCode);
        Assert.Contains("'distill.problems': give either problems:", error, StringComparison.Ordinal);

        File.WriteAllText(recipe, File.ReadAllText(recipe).Replace("problems: {count: 4}, ", "", StringComparison.Ordinal));
        (exitCode, _, error) = await CliRunner.RunAsync("train", recipe, "--validate");

        Assert.Equal(2, exitCode);
        Assert.Contains("stage 'data': 'teacher: nowhere' names neither an earlier stage (base) nor a checkpoint folder", error, StringComparison.Ordinal);
        Assert.Contains("stage 'sft': 'data: {from: base}' names no earlier stage that writes a dataset (data)", error, StringComparison.Ordinal);
    }
}
