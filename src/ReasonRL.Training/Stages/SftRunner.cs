using Microsoft.Extensions.Logging;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Training.Checkpoints;
using ReasonRL.Training.Evaluation;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Supervised;

namespace ReasonRL.Training.Stages;

/// <summary>
/// The <c>sft</c> stage: fine-tunes a model on prompt/completion pairs with the loss on completions only, then
/// (optionally) evaluates it on held-out problems.
/// </summary>
public sealed class SftRunner(TaskFamilyRegistry families, VerifierRegistry verifiers, ILogger<SftRunner> logger) : IStageRunner
{
    public string Kind => "sft";

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var stage = (SftStage)context.Stage;
        var seed = context.Seed;
        var source = context.ResolveModel(stage.From!);
        using var loaded = Checkpoint.Load(source, context.Recipe.Compute);
        var (model, tokenizer) = (loaded.Model, loaded.Tokenizer);
        var prompts = context.Prompts(tokenizer, source);
        var data = stage.Data.From is { } from ? stage.Data with { File = context.ResolveDataset(from), From = null } : stage.Data;
        var (trainExamples, heldOutExamples) = SftExample.Load(data, families, prompts, SeedMixer.Mix(seed, "data"));
        var contextLength = model.Config.ContextLength;
        var train = new SftBatches(trainExamples, prompts, contextLength, stage.BatchSize, stage.Epochs, stage.Packing, SeedMixer.Mix(seed, "order"));
        var heldOut = heldOutExamples.Count == 0
            ? null
            : new SftBatches(heldOutExamples, prompts, contextLength, stage.BatchSize, 1, packing: false, seed);
        logger.LogInformation(
            "{Stage}: {Examples} examples × {Epochs} epochs in {Steps} steps of {Batch} rows{Packing}; {HeldOut} held out",
            stage.EffectiveName, trainExamples.Count, stage.Epochs, train.Steps, stage.BatchSize, stage.Packing ? " (packed)" : "", heldOutExamples.Count);

        var checkpoints = new StageCheckpoints(context.Folder.Path) { Prompts = context.Recipe.Prompts };
        var settings = new SupervisedSettings(
            stage.EffectiveName, seed, train.Steps, stage.Optimizer, stage.EvalLossEvery,
            heldOut is null ? 1 : Math.Min(4, heldOut.Steps), stage.CheckpointEvery, stage.LogEvery, stage.TrainingDtype);
        var outcome = new SupervisedTrainer(logger).Train(
            model, tokenizer, train, heldOut, settings, checkpoints, context.Folder.Path, context.Resume, cancellationToken);
        checkpoints.SaveFinal(model, tokenizer, new TrainerState { Stage = stage.EffectiveName, Step = train.Steps, Seed = seed });

        var summary = new Dictionary<string, double>
        {
            ["loss"] = outcome.FinalLoss,
            ["eval_loss"] = outcome.EvalLoss,
            ["examples"] = trainExamples.Count,
            ["tokens_per_s"] = outcome.TokensPerSecond,
        };
        var compute = new ComputeMeter();
        compute.Train(model, train.Tokens);
        compute.AddTo(summary);
        if (stage.Eval.Samples > 0)
        {
            foreach (var (name, value) in await HeldOutEvaluation.RunAsync(
                model, prompts, stage.Eval, families, verifiers, context.Recipe.Seed, context.Folder.Combine("eval"), logger, stage.EffectiveName, cancellationToken).ConfigureAwait(false))
            {
                summary[name] = value;
            }
        }

        return new StageResult(stage.EffectiveName, checkpoints.Final, summary);
    }
}
