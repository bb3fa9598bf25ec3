using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ReasonRL.Core.Distillation;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Model;
using ReasonRL.Training.Losses;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Runs;
using ReasonRL.Training.Stages;

namespace ReasonRL.Training.Tests.Distillation;

/// <summary>
/// The distillation recipe's shape end to end on tiny models: a teacher, a <c>distill_data</c> stage, a student
/// fine-tuned on its dataset (<c>data: {from:}</c>), a student distilled at the logit level, a student trained by RL,
/// held-out evaluation of each, compute in every stage's summary, and the comparison in the report.
/// </summary>
public sealed class DistillRecipeTests : IDisposable
{
    private static readonly TaskFamilyRegistry Families = new([new DigitFamily()]);
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-distill-recipe-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static RecipeRunner Runner()
    {
        var verifiers = new VerifierRegistry(Families, []);
        return new RecipeRunner(
            [
                new PretrainRunner(Families, verifiers, NullLogger<PretrainRunner>.Instance),
                new SftRunner(Families, verifiers, NullLogger<SftRunner>.Instance),
                new GrpoRunner(Families, verifiers, NullLogger<GrpoRunner>.Instance),
                new EvalRunner(Families, verifiers, NullLogger<EvalRunner>.Instance),
                new DistillDataRunner(Families, verifiers, NullLogger<DistillDataRunner>.Instance),
                new DistillRunner(Families, verifiers, NullLogger<DistillRunner>.Instance),
                new ReportStageRunner(NullLogger<ReportStageRunner>.Instance),
            ],
            NullLogger<RecipeRunner>.Instance);
    }

    private static Recipe Recipe(string runsDir)
    {
        var problems = new ProblemsSection { Families = [new FamilyMix { Family = "digit", Difficulties = [1] }], Count = 4 };
        var sampling = new SamplingSection { MaxNewTokens = 2 };
        StageSection Eval(string name, string from) => new EvalStage { Name = name, From = from, Problems = problems, Samples = 2, MaxNewTokens = 2 };
        PretrainStage Base(string name, ModelPreset preset) => new()
        {
            Name = name, Model = new ModelSection { Preset = preset, ContextLength = 48 }, Corpus = new CorpusSection { Families = [new FamilyMix { Family = "digit" }] },
            Steps = 2, BatchSize = 2, Eval = new EvalSection { Samples = 0 },
        };
        return new Recipe
        {
            Name = "distill",
            RunsDir = runsDir,
            Stages =
            [
                Base("teacher", ModelPreset.Tiny) with { Model = new ModelSection { Preset = ModelPreset.Tiny, ContextLength = 48, DModel = 64 } },
                new DistillDataStage { Name = "data", Teacher = "teacher", Problems = problems with { Count = 6 }, Samples = 8, Keep = KeepRule.AllCorrect, Sampling = sampling },
                Base("student_base", ModelPreset.Tiny),
                new SftStage { Name = "student_sft", From = "student_base", Data = new SftDataSection { From = "data", HeldOutFraction = 0 }, Epochs = 1, BatchSize = 4, Eval = new EvalSection { Samples = 0 } },
                new DistillStage { Name = "student_kd", From = "student_base", Teacher = "teacher", Data = new SftDataSection { From = "data" }, Loss = Divergence.Jsd, Lambda = 0.5, Steps = 2, BatchSize = 2, Sampling = sampling },
                new GrpoStage
                {
                    Name = "student_rl", From = "student_base", Problems = problems, Rewards = [new RewardSection { Verifier = "correctness" }],
                    Steps = 1, PromptsPerStep = 2, GroupSize = 2, MinibatchSize = 4, Sampling = sampling, Eval = new EvalSection { Every = 0, Samples = 0 },
                },
                Eval("eval_sft", "student_sft"),
                Eval("eval_kd", "student_kd"),
                Eval("eval_rl", "student_rl"),
                new ReportStage(),
            ],
        };
    }

    [Fact]
    public async Task Every_arm_trains_from_the_shared_pieces_and_the_report_compares_them()
    {
        var recipe = Recipe(Path.Combine(_folder, "runs"));
        var run = RunFolder.Open(recipe.RunsDir, recipe.Name, RunFolderMode.New);

        var results = (await Runner().RunAsync(recipe, run, resume: false, CancellationToken.None)).ToDictionary(r => r.Name);

        Assert.True(results["data"].Summary["kept"] > 0);
        Assert.Equal(run.Combine("data", "dataset.jsonl"), results["data"].Dataset);
        Assert.True(results["student_sft"].Summary["examples"] > 0);
        foreach (var arm in new[] { "data", "student_base", "student_sft", "student_kd", "student_rl" })
        {
            Assert.True(results[arm].Summary[ComputeMeter.Flops] > 0, $"{arm} has no compute");
            Assert.True(results[arm].Summary.ContainsKey(ComputeMeter.WallSeconds), $"{arm} has no wall time");
        }

        foreach (var evaluation in new[] { "eval_sft", "eval_kd", "eval_rl" })
        {
            Assert.True(results[evaluation].Summary.ContainsKey("pass@1"));
            Assert.True(results[evaluation].Summary.ContainsKey("distinct_answers"));
        }

        using var summary = JsonDocument.Parse(File.ReadAllText(run.Summary));
        var kd = summary.RootElement.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "student_kd");
        Assert.Equal(["student_base", "teacher", "data"], kd.GetProperty("inputs").EnumerateArray().Select(i => i.GetString()));
        var report = File.ReadAllText(run.Report);
        Assert.Contains("Held-out comparison", report, StringComparison.Ordinal);
        Assert.Contains("<td>teacher, data, student_base, student_kd</td>", report, StringComparison.Ordinal);
        Assert.Contains("<td>student_base, student_rl</td>", report, StringComparison.Ordinal); // RL alone: no teacher in its lineage
    }
}
