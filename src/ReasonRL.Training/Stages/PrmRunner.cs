using Microsoft.Extensions.Logging;
using ReasonRL.Core.Json;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Training.Checkpoints;
using ReasonRL.Training.Prm;
using ReasonRL.Training.Recipes;

namespace ReasonRL.Training.Stages;

/// <summary>
/// The <c>prm</c> stage: builds labelled solutions with the <c>from:</c> model (kept in <c>data/train.jsonl</c> and
/// <c>data/held_out.jsonl</c>, reused by <c>--resume</c>), trains a process reward model whose backbone starts from
/// that model, and leaves it in <c>final/</c> with its step segmentation recorded, for a grpo stage's
/// <c>process_rewards.prm</c>. The stage result holds the held-out step accuracy and AUC.
/// </summary>
public sealed class PrmRunner(TaskFamilyRegistry families, VerifierRegistry verifiers, ILogger<PrmRunner> logger) : IStageRunner
{
    public string Kind => "prm";

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var stage = (PrmStage)context.Stage;
        var seed = context.Seed;
        var source = context.ResolveModel(stage.From!);
        var trainPath = context.Folder.Combine("data", "train.jsonl");
        var heldOutPath = context.Folder.Combine("data", "held_out.jsonl");
        IReadOnlyList<PrmExample> train, heldOut;
        if (context.Resume && File.Exists(trainPath) && File.Exists(heldOutPath))
        {
            (train, heldOut) = (PrmExample.ReadFile(trainPath), PrmExample.ReadFile(heldOutPath));
            logger.LogInformation("{Stage}: reusing {Train} training and {HeldOut} held-out labelled solutions", stage.EffectiveName, train.Count, heldOut.Count);
        }
        else
        {
            using var language = Checkpoint.Load(source, context.Recipe.Compute);
            (train, heldOut) = await new PrmDataBuilder(families, verifiers, logger)
                .BuildAsync(stage, language.Model, context.Prompts(language.Tokenizer, source), SeedMixer.Mix(seed, "data"), cancellationToken).ConfigureAwait(false);
            Directory.CreateDirectory(context.Folder.Combine("data"));
            PrmExample.WriteFile(trainPath, train);
            PrmExample.WriteFile(heldOutPath, heldOut);
        }

        var (model, tokenizer) = ProcessRewardCheckpoint.FromLanguageModel(source, SeedMixer.Mix(seed, "head"), context.Recipe.Compute);
        using (model)
        {
            var settings = new PrmTrainingSettings(
                stage.EffectiveName, SeedMixer.Mix(seed, "order"), stage.Steps, stage.BatchSize, stage.Optimizer, stage.EvalEvery, stage.LogEvery, stage.Aggregation);
            var evaluation = new PrmTrainer(logger).Train(model, context.Prompts(tokenizer, source), train, heldOut, settings, context.Folder.Path, cancellationToken);
            var final = new StageCheckpoints(context.Folder.Path).Final;
            ProcessRewardCheckpoint.Save(final, model, tokenizer, new Dictionary<string, string>
            {
                [SolutionSteps.SegmentationSetting] = SnakeCase.From(stage.Labels.Steps.ToString()),
                ["label_source"] = SnakeCase.From(stage.Labels.Source.ToString()),
            });
            logger.LogInformation(
                "{Stage}: held-out step accuracy {Accuracy:P1} (majority class {Majority:P1}), step AUC {Auc:F3}, solution AUC ({Aggregation}) {SolutionAuc:F3}",
                stage.EffectiveName, evaluation["step_accuracy"], Math.Max(evaluation["step_positive_rate"], 1 - evaluation["step_positive_rate"]),
                evaluation["step_auc"], stage.Aggregation, evaluation["solution_auc"]);

            var summary = new Dictionary<string, double>(evaluation)
            {
                ["train_solutions"] = train.Count,
                ["held_out_solutions"] = heldOut.Count,
                ["train_step_positive_rate"] = train.SelectMany(e => e.Labels).Average(l => l >= 0.5 ? 1.0 : 0.0),
            };
            return new StageResult(stage.EffectiveName, final, summary);
        }
    }
}
