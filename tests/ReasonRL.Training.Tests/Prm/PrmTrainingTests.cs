using Microsoft.Extensions.Logging.Abstractions;
using ReasonRL.Core.Prm;
using ReasonRL.Core.Tasks;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Transformer;
using ReasonRL.Model;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Prm;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Stages;
using ReasonRL.Training.Tests.Corpus;

namespace ReasonRL.Training.Tests.Prm;

public sealed class PrmTrainingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-prm-train-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_prm_trained_on_a_learnable_labelling_beats_chance_on_held_out_solutions()
    {
        var tokenizer = ModelVocabulary.For(new TaskFamilyRegistry([new AdditionFamily()]));
        var config = TransformerConfig.FromPreset(ModelPreset.Tiny, tokenizer.VocabSize, 64);
        using var prm = new ProcessRewardModel(TransformerModel.Create(config, seed: 3), seed: 4);
        var settings = new PrmTrainingSettings(
            "prm", Seed: 1, Steps: 120, BatchSize: 16,
            new OptimizerSection { LearningRate = 3e-3, WarmupSteps = 0, Schedule = LearningRateSchedule.Constant, WeightDecay = 0 },
            EvalEvery: 60, LogEvery: 60, ScoreAggregation.Min);

        var evaluation = new PrmTrainer(NullLogger.Instance).Train(
            prm, PromptBuilder.R1(tokenizer), ToyPrmData.Examples(256, seed: 1), ToyPrmData.Examples(64, seed: 2), settings, _folder, CancellationToken.None);

        var majority = Math.Max(evaluation["step_positive_rate"], 1 - evaluation["step_positive_rate"]);
        Assert.True(evaluation["step_accuracy"] > majority + 0.15, $"step accuracy {evaluation["step_accuracy"]:F3} vs majority class {majority:F3}");
        Assert.True(evaluation["step_auc"] > 0.9, $"step AUC {evaluation["step_auc"]:F3}");
        var rows = MetricsFile.Read(Path.Combine(_folder, "metrics.jsonl"));
        Assert.Equal(121, rows.Count);
        Assert.Equal(3, rows.Count(r => r.ContainsKey(MetricNames.Eval("step_auc"))));
    }

    [Fact]
    public void Step_positions_point_at_the_token_holding_each_steps_last_character()
    {
        var tokenizer = ModelVocabulary.For(new TaskFamilyRegistry([new AdditionFamily()]));
        var example = ToyPrmData.Examples(1, seed: 5)[0];

        var sequence = PrmSequence.Of(example, PromptBuilder.R1(tokenizer), contextLength: 256)!;

        var text = example.Prompt + example.Completion;
        // Character-level: token 0 is bos, so character c of prompt + completion is token c + 1.
        Assert.Equal(example.StepEnds.Select(end => example.Prompt.Length + end - 1 + 1), sequence.StepPositions);
        Assert.Equal(text[example.Prompt.Length + example.StepEnds[0] - 1], tokenizer.Decode([sequence.Tokens[sequence.StepPositions[0]]])[0]);
    }
}
