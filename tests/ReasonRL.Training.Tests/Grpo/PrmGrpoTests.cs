using Microsoft.Extensions.Logging.Abstractions;
using ReasonRL.Core.Prm;
using ReasonRL.Core.Records;
using ReasonRL.Core.Rl;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Sampling;
using ReasonRL.Model.Transformer;
using ReasonRL.Model;
using ReasonRL.Training.Grpo;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Stages;
using ReasonRL.Training.Tests.Corpus;
using static TorchSharp.torch;

namespace ReasonRL.Training.Tests.Grpo;

/// <summary>A process reward model as the step-reward source of GRPO, and the sampled-token budget.</summary>
public sealed class PrmGrpoTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-prm-grpo-").FullName;
    private static readonly TaskFamilyRegistry Families = new([new AdditionFamily()]);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ProcessRewardModel RandomPrm(int contextLength = 48)
    {
        var tokenizer = ModelVocabulary.For(Families);
        return new ProcessRewardModel(TransformerModel.Create(TransformerConfig.FromPreset(ModelPreset.Tiny, tokenizer.VocabSize, contextLength), seed: 9), seed: 9);
    }

    [Fact]
    public void Step_rewards_are_the_prm_probabilities_at_the_tokens_that_end_the_steps()
    {
        var tokenizer = ModelVocabulary.For(Families);
        using var prm = RandomPrm(contextLength: 96);
        var problem = new AdditionFamily().Generate(new GenerationRequest(1, 1)).Single();
        var prompt = PromptBuilder.R1(tokenizer).Ids(problem.Prompt);
        string[] texts = [" <think>1\n2</think> <answer>3</answer>", " <think>5</think> <answer>4</answer>"];
        var completions = texts.Select(t => new SampledCompletion(tokenizer.Encode(t), t, new float[t.Length], new float[t.Length], StopReason.StopString, 96)).ToList();
        var batch = new RolloutBatch([problem], [prompt], completions, groupSize: 2);
        var verdicts = new[] { Verdict.Correct(), Verdict.Incorrect() }.Select(v => new ComposedVerdict(v, ["x"], [v])).ToList();
        var scores = new RewardScores([1, 0], verdicts, [true, true]);
        var eta = 0.6;

        var plain = new PrmStepRewards(prm, tokenizer, StepSegmentation.Lines, new ProcessRewardSection { Source = ProcessRewardSource.Prm }).Of(batch, scores);
        var clipped = new PrmStepRewards(prm, tokenizer, StepSegmentation.Lines, new ProcessRewardSection { Transform = StepRewardTransform.Clip, ClipEta = eta }).Of(batch, scores);

        // Character-level tokens: the step ending at character c of the completion ends in completion token c − 1.
        int[][] expectedEnds = [[texts[0].IndexOf('1', StringComparison.Ordinal), texts[0].IndexOf('2', StringComparison.Ordinal), texts[0].Length - 1], [texts[1].IndexOf('5', StringComparison.Ordinal), texts[1].Length - 1]];
        var minima = new List<double>();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(expectedEnds[i], plain.Steps[i].Select(s => s.EndToken));
            using var guard = no_grad();
            var probabilities = prm.forward(tensor(prompt.Concat(completions[i].TokenIds).Select(t => (long)t).ToArray()).unsqueeze(0)).sigmoid()[0];
            var expected = expectedEnds[i].Select(t => (double)probabilities[prompt.Length + t].item<float>()).ToList();
            Assert.Equal(expected, plain.Steps[i].Select(s => s.Reward), (a, b) => Math.Abs(a - b) < 1e-6);
            Assert.Equal(expected.Select(p => Math.Min(p - eta, 0)), clipped.Steps[i].Select(s => s.Reward), (a, b) => Math.Abs(a - b) < 1e-6);
            minima.Add(expected.Min());
        }

        // Monitoring: the mean min-aggregated score against a pass rate of ½.
        Assert.Equal(minima.Average(), plain.Metrics["prm/score_mean"], 6);
        Assert.Equal(minima.Average() - 0.5, plain.Metrics["prm/gap"], 6);
    }

    [Theory]
    [InlineData(AdvantageKind.Process, StepRewardTransform.None, CreditAssignment.Sum)]
    [InlineData(AdvantageKind.Process, StepRewardTransform.Clip, CreditAssignment.Min)]
    [InlineData(AdvantageKind.OutcomeAndProcess, StepRewardTransform.Delta, CreditAssignment.Sum)]
    public async Task Grpo_trains_on_prm_step_rewards_through_the_hook_and_logs_the_prm_gap(AdvantageKind advantage, StepRewardTransform transform, CreditAssignment credit)
    {
        var process = new ProcessRewardSection { Source = ProcessRewardSource.Prm, Prm = "unused", Transform = transform, CreditAssignment = credit };
        var settings = GrpoSmokeTests.Settings with { Steps = 3, Advantage = advantage, ProcessRewards = process };
        using var prm = RandomPrm();
        var setup = GrpoSmokeTests.Setup(_folder, settings);
        setup = setup with { StepRewards = new PrmStepRewards(prm, setup.Tokenizer, StepSegmentation.Lines, process).Of };
        using (setup.Policy)
        {
            await new GrpoTrainer(NullLogger.Instance).TrainAsync(setup, resume: false, CancellationToken.None);
        }

        var rows = MetricsFile.Read(Path.Combine(_folder, "metrics.jsonl"));
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.InRange(r["prm/score_mean"], 0, 1);
            Assert.Equal(r["prm/score_mean"] - r[MetricNames.PassRate], r["prm/gap"], 9);
            Assert.True(double.IsFinite(r[MetricNames.Loss]) && r[MetricNames.GradNorm] > 0);
        });
    }

    [Fact]
    public async Task A_sampled_token_budget_ends_the_run_early_with_a_final_evaluation()
    {
        var settings = GrpoSmokeTests.Settings with { Steps = 50, MaxSampledTokens = 300, Eval = new EvalSection { Every = 100, Samples = 1 } };
        var setup = GrpoSmokeTests.Setup(_folder, settings) with
        {
            HeldOut = (_, _, _) => Task.FromResult(new Dictionary<string, double> { ["pass@1"] = 0.25 }),
        };
        using (setup.Policy)
        {
            await new GrpoTrainer(NullLogger.Instance).TrainAsync(setup, resume: false, CancellationToken.None);
        }

        var rows = MetricsFile.Read(Path.Combine(_folder, "metrics.jsonl"));
        var training = rows.Where(r => r[MetricNames.Step] > 0).ToList();
        Assert.InRange(training.Count, 2, 49);
        Assert.True(training[^1][MetricNames.SampledTokens] >= 300);
        Assert.True(training[^2][MetricNames.SampledTokens] < 300);
        Assert.Equal(0, rows[0][MetricNames.SampledTokens]);
        Assert.Equal(0.25, training[^1][MetricNames.Eval("pass@1")]);
        Assert.DoesNotContain(training[..^1], r => r.ContainsKey(MetricNames.Eval("pass@1")));
    }
}
