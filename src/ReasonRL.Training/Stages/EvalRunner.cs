using Microsoft.Extensions.Logging;
using ReasonRL.Core;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Training.Evaluation;
using ReasonRL.Training.Grpo;
using ReasonRL.Training.Recipes;

namespace ReasonRL.Training.Stages;

/// <summary>
/// The <c>eval</c> stage: held-out pass@1, pass@k, maj@k, length and reflection rate of a model, and with
/// <c>test_time</c> the accuracy against the number of samples (<see cref="TestTimeCurve"/>).
/// </summary>
public sealed class EvalRunner(TaskFamilyRegistry families, VerifierRegistry verifiers, ILogger<EvalRunner> logger) : IStageRunner
{
    public string Kind => "eval";

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var stage = (EvalStage)context.Stage;
        var model = context.ResolveModel(stage.From!);
        using var loaded = Checkpoint.Load(model, context.Recipe.Compute);
        var prompts = context.Prompts(loaded.Tokenizer, model);
        var (run, summary) = await HeldOutEvaluation.RunWithCompletionsAsync(
            loaded.Model, prompts, stage.AsEvalSection(), families, verifiers, context.Recipe.Seed,
            context.Folder.Path, logger, stage.EffectiveName, cancellationToken).ConfigureAwait(false);
        if (stage.TestTime is { } testTime)
        {
            using var prm = testTime.Prm is { } source ? ProcessRewardCheckpoint.Load(context.ResolveModel(source), context.Recipe.Compute) : null;
            if (prm is not null && !prm.Tokenizer.SameAs(loaded.Tokenizer))
            {
                throw new InputException($"{testTime.Prm}: the process reward model's tokenizer differs from the evaluated model's; it must read the same tokens");
            }

            prm?.Model.eval();
            var scorer = prm is null ? null : PrmStepRewards.For(prm, loaded.Tokenizer, new ProcessRewardSection { Aggregation = testTime.Aggregation });
            var curve = TestTimeCurve.Of(
                run.Completions, families, testTime.Ks, scorer, problem => prompts.Ids(problem.Prompt), testTime.Draws,
                SeedMixer.Mix(context.Recipe.Seed, "test-time curve"));
            TestTimeCurve.Write(context.Folder.Path, curve);
            foreach (var (name, value) in TestTimeCurve.Headline(curve))
            {
                summary[name] = value;
            }

            logger.LogInformation(
                "{Stage}: test-time compute: {Points}", stage.EffectiveName,
                string.Join(", ", curve.Select(p => $"k={p.K} pass {p.PassAtK:P1} maj {p.MajAtK:P1}" + (p.BestOfK is { } b ? $" prm {b:P1}" : ""))));
        }

        return new StageResult(stage.EffectiveName, null, summary);
    }
}
