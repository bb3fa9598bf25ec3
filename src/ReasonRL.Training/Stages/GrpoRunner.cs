using Microsoft.Extensions.Logging;
using ReasonRL.Core;
using ReasonRL.Core.Json;
using ReasonRL.Core.Prm;
using ReasonRL.Core.Rl;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Checkpoints;
using ReasonRL.Training.Evaluation;
using ReasonRL.Model.Tokenization;
using ReasonRL.Training.Grpo;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Problems;
using ReasonRL.Training.Recipes;

namespace ReasonRL.Training.Stages;

/// <summary>
/// The <c>grpo</c> stage: loads the policy (and, when β &gt; 0, a frozen reference copy) from <c>from:</c>, wires
/// problems, verifiers and held-out evaluation, runs <see cref="GrpoTrainer"/>, and keeps the final policy.
/// </summary>
public sealed class GrpoRunner(TaskFamilyRegistry families, VerifierRegistry verifiers, ILogger<GrpoRunner> logger) : IStageRunner
{
    public string Kind => "grpo";

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var settings = (GrpoStage)context.Stage;
        var stage = settings.EffectiveName;
        var seed = context.Seed;
        var source = context.ResolveModel(settings.From!);
        using var policy = Checkpoint.Load(source);
        using var reference = settings.KlBeta > 0 ? Checkpoint.Load(source) : null;
        if (reference is not null)
        {
            Freeze(reference.Model);
        }

        var tokenizer = policy.Tokenizer;
        using var prm = settings.ProcessRewards.Prm is { } prmSource ? LoadProcessRewardModel(context.ResolveModel(prmSource), tokenizer) : null;
        var rewards = new RewardComposer([.. settings.Rewards.Select(r => new RewardComponent(verifiers.Get(r.Verifier), r.Weight))]);
        var reflection = settings.ReflectionPhrases is { Count: > 0 } phrases ? new ReflectionDetector(phrases) : ReflectionDetector.Default;
        var checkpoints = new StageCheckpoints(context.Folder.Path);
        var setup = new GrpoSetup(
            settings, stage, seed, policy.Model, reference?.Model, tokenizer,
            new ProblemSource(settings.Problems, families),
            rewards,
            reflection,
            StepRewards(settings, tokenizer, prm),
            settings.Eval.Samples > 0
                ? (model, step, token) => HeldOutEvaluation.RunAsync(
                    model, tokenizer, settings.Eval, families, verifiers, context.Recipe.Seed,
                    context.Folder.Combine("eval", $"step-{step:D6}"), logger, stage, token)
                : null,
            checkpoints,
            context.Folder.Path);
        logger.LogInformation(
            "{Stage}: {Steps} steps of {Prompts} prompts × {Group} completions{Budget}; μ={Mu}, minibatch {Minibatch}, β={Beta}, loss {Loss}, advantages {Advantage} ({Scale}){Process}",
            stage, settings.Steps, settings.PromptsPerStep, settings.GroupSize, settings.MaxSampledTokens > 0 ? $" or {settings.MaxSampledTokens:N0} sampled tokens" : "",
            settings.UpdatesPerBatch, settings.MinibatchSize, settings.KlBeta, settings.Loss, settings.Advantage, settings.Scale,
            settings.Advantage == AdvantageKind.Outcome ? "" : $", step rewards from {settings.ProcessRewards.Source}, {settings.ProcessRewards.Transform} transform, {settings.ProcessRewards.CreditAssignment} credit");

        var last = await new GrpoTrainer(logger).TrainAsync(setup, context.Resume, cancellationToken).ConfigureAwait(false);
        var steps = (int)last.GetValueOrDefault(MetricNames.Step, settings.Steps);
        checkpoints.SaveFinal(policy.Model, tokenizer, new TrainerState { Stage = stage, Step = steps, Seed = seed });
        var summary = last
            .Where(kv => kv.Key is MetricNames.Reward or MetricNames.PassRate or MetricNames.CompletionsMeanLength or MetricNames.ReflectionRate or MetricNames.Kl
                or MetricNames.SampledTokens or MetricNames.Step
                || kv.Key.StartsWith("eval/", StringComparison.Ordinal) || kv.Key.StartsWith("prm/", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        return new StageResult(stage, checkpoints.Final, summary);
    }

    /// <summary>
    /// The step-reward hook: the verifier's marks or the PRM's step probabilities, by <c>process_rewards.source</c>;
    /// a configured PRM also reports its monitoring metrics when it is not the source. Null when nothing needs it.
    /// </summary>
    private static Func<RolloutBatch, RewardScores, StepRewardBatch>? StepRewards(GrpoStage settings, TextTokenizer tokenizer, LoadedProcessRewardModel? prm)
    {
        var process = settings.ProcessRewards;
        var judge = prm is null
            ? null
            : new PrmStepRewards(prm.Model, tokenizer, SegmentationOf(prm), process);
        if (judge is null && settings.Advantage == AdvantageKind.Outcome)
        {
            return null;
        }

        return (batch, scores) =>
        {
            var judged = judge?.Of(batch, scores);
            if (process.Source == ProcessRewardSource.Prm)
            {
                return judged!;
            }

            var verified = VerifiedStepRewards.Of(batch, scores, tokenizer, process.Scheme);
            IReadOnlyList<IReadOnlyList<StepReward>> steps = process.Transform == StepRewardTransform.None
                ? verified
                : [.. verified.Select(s => (IReadOnlyList<StepReward>)[.. StepRewardTransforms.Apply([.. s.Select(r => r.Reward)], process.Transform, process.ClipEta)
                    .Select((r, j) => s[j] with { Reward = r })])];
            return new StepRewardBatch(steps, judged?.Metrics ?? new Dictionary<string, double>());
        };
    }

    private static LoadedProcessRewardModel LoadProcessRewardModel(string folder, TextTokenizer policyTokenizer)
    {
        var loaded = ProcessRewardCheckpoint.Load(folder);
        if (!loaded.Tokenizer.SameAs(policyTokenizer))
        {
            loaded.Dispose();
            throw new InputException($"{folder}: the process reward model's tokenizer differs from the policy's; it must read the policy's tokens");
        }

        loaded.Model.eval();
        foreach (var parameter in loaded.Model.parameters())
        {
            parameter.requires_grad = false;
        }

        return loaded;
    }

    /// <summary>How the PRM cuts solutions into steps, as its prm stage recorded it (the verifier's marks when it did not).</summary>
    private static StepSegmentation SegmentationOf(LoadedProcessRewardModel prm) =>
        prm.Settings.TryGetValue(PrmRunner.SegmentationSetting, out var text) && SnakeCase.TryParseEnum<StepSegmentation>(text, out var segmentation)
            ? segmentation
            : StepSegmentation.Verifier;

    private static void Freeze(TransformerModel model)
    {
        model.eval();
        foreach (var parameter in model.parameters())
        {
            parameter.requires_grad = false;
        }
    }
}
