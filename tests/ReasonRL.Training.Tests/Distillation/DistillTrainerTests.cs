using Microsoft.Extensions.Logging.Abstractions;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Sampling;
using ReasonRL.Model.Transformer;
using ReasonRL.Model;
using ReasonRL.Training.Checkpoints;
using ReasonRL.Training.Distillation;
using ReasonRL.Training.Evaluation;
using ReasonRL.Training.Losses;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Problems;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Stages;
using ReasonRL.Training.Supervised;
using ReasonRL.Training.Tests.Corpus;

namespace ReasonRL.Training.Tests.Distillation;

public sealed class DistillTrainerTests : IDisposable
{
    private static readonly TaskFamilyRegistry Families = new([new AdditionFamily()]);
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-distill-train-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly DistillStage Settings = new()
    {
        From = "unused",
        Teacher = "unused",
        Data = new SftDataSection(),
        Loss = Divergence.ForwardKl,
        Lambda = 0,
        Steps = 16,
        BatchSize = 4,
        Sampling = new SamplingSection { MaxNewTokens = 6 },
        Optimizer = new OptimizerSection { LearningRate = 1e-2, WarmupSteps = 0, Schedule = LearningRateSchedule.Constant, WeightDecay = 0 },
        LogEvery = 100,
    };

    private static List<SftExample> Examples() =>
        [.. new AdditionFamily().Generate(new GenerationRequest(1, 8, 1, Core.Records.Split.Train))
            .Select(p => new SftExample(R1Template.Prompt(p.Prompt), new AdditionFamily().RenderSolution(p, SolutionStyle.Direct, new SolutionOptions(), 0)))];

    private Dictionary<string, double> Train(DistillStage settings, bool fromExamples)
    {
        var tokenizer = ModelVocabulary.For(Families);
        var config = TransformerConfig.FromPreset(ModelPreset.Tiny, tokenizer.VocabSize, 48);
        using var student = TransformerModel.Create(config, seed: 1);
        using var teacher = TransformerModel.Create(config with { DModel = 64, Heads = 2 }, seed: 2);
        var sampling = new SamplingOptions { MaxNewTokens = settings.Sampling.MaxNewTokens, StopStrings = HeldOutEvaluation.StopStrings };
        var sequences = fromExamples
            ? new DistillSequences(Examples(), null, PromptBuilder.R1(tokenizer), settings.BatchSize, 48, sampling, seed: 5)
            : new DistillSequences(null, new ProblemSource(new ProblemsSection { Families = [new FamilyMix { Family = "addition" }] }, Families), PromptBuilder.R1(tokenizer), settings.BatchSize, 48, sampling, seed: 5);
        var setup = new DistillSetup(settings, "distill", 5, student, teacher, tokenizer, sequences, new StageCheckpoints(_folder), _folder);
        return new DistillTrainer(NullLogger.Instance).Train(setup, resume: false, CancellationToken.None);
    }

    private IReadOnlyList<IReadOnlyDictionary<string, double>> Metrics() => MetricsFile.Read(Path.Combine(_folder, "metrics.jsonl"));

    [Fact]
    public void The_divergence_to_a_fixed_teacher_falls_on_off_policy_data()
    {
        Train(Settings, fromExamples: true);

        var losses = Metrics().Select(r => r[MetricNames.Loss]).ToList();
        Assert.Equal(16, losses.Count);
        Assert.True(losses.TakeLast(3).Average() < 0.5 * losses.Take(3).Average(), $"the loss did not fall: {string.Join(", ", losses.Select(l => l.ToString("F3")))}");
        Assert.All(Metrics(), r => Assert.Equal(0, r["on_policy"]));
    }

    [Theory]
    [InlineData(Divergence.ReverseKl, 1.0, true)]
    [InlineData(Divergence.Jsd, 0.5, false)]
    public void On_policy_steps_follow_lambda_and_report_their_compute(Divergence loss, double lambda, bool fromExamples)
    {
        var last = Train(Settings with { Loss = loss, Lambda = lambda, Steps = 6, Data = fromExamples ? new SftDataSection() : null, Problems = fromExamples ? null : new ProblemsSection() }, fromExamples);

        var onPolicy = Metrics().Select(r => r["on_policy"]).ToList();
        if (lambda == 1.0)
        {
            Assert.All(onPolicy, v => Assert.Equal(1.0, v));
        }
        else
        {
            Assert.Contains(1.0, onPolicy); // student samples
            Assert.Contains(0.0, onPolicy); // teacher samples
        }

        Assert.True(last[ComputeMeter.Tokens] > 0 && last[ComputeMeter.Flops] > 0);
        Assert.All(Metrics(), r => Assert.True(r[MetricNames.Loss] >= 0 && double.IsFinite(r[MetricNames.Loss])));
    }
}
