using Microsoft.Extensions.Logging;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Training.Evaluation;
using ReasonRL.Training.Recipes;

namespace ReasonRL.Training.Stages;

/// <summary>The <c>eval</c> stage: held-out pass@1, pass@k, maj@k, length and reflection rate of a model.</summary>
public sealed class EvalRunner(TaskFamilyRegistry families, VerifierRegistry verifiers, ILogger<EvalRunner> logger) : IStageRunner
{
    public string Kind => "eval";

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var stage = (EvalStage)context.Stage;
        var source = context.ResolveModel(stage.From!);
        using var loaded = Checkpoint.Load(source, context.Recipe.Compute);
        var summary = await HeldOutEvaluation.RunAsync(
            loaded.Model, context.Prompts(loaded.Tokenizer, source), stage.AsEvalSection(), families, verifiers, context.Recipe.Seed,
            context.Folder.Path, logger, stage.EffectiveName, cancellationToken).ConfigureAwait(false);
        return new StageResult(stage.EffectiveName, null, summary);
    }
}
