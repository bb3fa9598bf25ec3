using Microsoft.Extensions.Logging;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Checkpoints;
using ReasonRL.Training.Corpus;
using ReasonRL.Training.Evaluation;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Supervised;

namespace ReasonRL.Training.Stages;

/// <summary>
/// The <c>pretrain</c> stage: a fresh model (or one continued from <c>from:</c>) trained on a packed synthetic corpus,
/// then (optionally) evaluated on held-out problems so the run records what the base model can do before RL.
/// </summary>
public sealed class PretrainRunner(TaskFamilyRegistry families, VerifierRegistry verifiers, ILogger<PretrainRunner> logger) : IStageRunner
{
    public string Kind => "pretrain";

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var stage = (PretrainStage)context.Stage;
        var seed = context.Seed;
        using var loaded = stage.From is { } from ? Checkpoint.Load(context.ResolveModel(from), context.Recipe.Compute) : null;
        var tokenizer = loaded?.Tokenizer ?? ModelVocabulary.For(families);
        using var fresh = loaded is null ? TransformerModel.Create((stage.Model ?? new()).ToConfig(tokenizer.VocabSize), SeedMixer.Mix(seed, "init"), context.Recipe.Compute) : null;
        var model = loaded?.Model ?? fresh!;
        var config = model.Config;
        logger.LogInformation(
            "{Stage}: {Start} {Parameters:N0} parameters (d={DModel}, {Layers} layers, {Heads} heads), vocabulary {Vocabulary}, context {Context}",
            stage.EffectiveName, loaded is null ? "a fresh model," : $"continuing {stage.From},", model.parameters().Sum(p => p.numel()), config.DModel, config.Layers, config.Heads, tokenizer.VocabSize, config.ContextLength);

        var corpus = new CorpusBuilder(families, stage.Corpus);
        var train = new PackedCorpusBatches(corpus, tokenizer, stage.BatchSize, config.ContextLength, SeedMixer.Mix(seed, "train"), Split.Train);
        var heldOut = new PackedCorpusBatches(corpus, tokenizer, stage.BatchSize, config.ContextLength, SeedMixer.Mix(seed, "held-out"), Split.Test);
        var checkpoints = new StageCheckpoints(context.Folder.Path) { Prompts = context.Recipe.Prompts };
        var settings = new SupervisedSettings(
            stage.EffectiveName, seed, stage.Steps, stage.Optimizer, stage.EvalLossEvery, stage.EvalBatches, stage.CheckpointEvery, stage.LogEvery, stage.TrainingDtype);
        var outcome = new SupervisedTrainer(logger).Train(
            model, tokenizer, train, heldOut, settings, checkpoints, context.Folder.Path, context.Resume, cancellationToken);
        checkpoints.SaveFinal(model, tokenizer, new TrainerState { Stage = stage.EffectiveName, Step = stage.Steps, Seed = seed });

        var summary = new Dictionary<string, double>
        {
            ["loss"] = outcome.FinalLoss,
            ["eval_loss"] = outcome.EvalLoss,
            ["tokens_per_s"] = outcome.TokensPerSecond,
        };
        var compute = new ComputeMeter();
        compute.Train(model, (long)stage.Steps * stage.BatchSize * config.ContextLength);
        compute.AddTo(summary);
        if (stage.Eval.Samples > 0)
        {
            var evaluation = await HeldOutEvaluation.RunAsync(
                model, context.Prompts(tokenizer, stage.From is null ? "a fresh model" : context.ResolveModel(stage.From)), stage.Eval, families, verifiers, context.Recipe.Seed, context.Folder.Combine("eval"), logger, stage.EffectiveName, cancellationToken).ConfigureAwait(false);
            foreach (var (name, value) in evaluation)
            {
                summary[name] = value;
            }
        }

        return new StageResult(stage.EffectiveName, checkpoints.Final, summary);
    }
}
