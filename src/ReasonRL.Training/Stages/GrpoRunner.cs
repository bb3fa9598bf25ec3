using Microsoft.Extensions.Logging;
using ReasonRL.Core;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Checkpoints;
using ReasonRL.Training.Evaluation;
using ReasonRL.Training.Grpo;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Problems;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Rollout;

namespace ReasonRL.Training.Stages;

/// <summary>
/// The <c>grpo</c> stage: loads the policy (and, when β &gt; 0 or the KL is monitored, a frozen reference copy) from <c>from:</c> and the
/// frozen process reward model of <c>process_rewards.prm</c> if any, wires problems, verifiers, step rewards and
/// held-out evaluation, runs <see cref="GrpoTrainer"/>, and keeps the final policy.
/// </summary>
/// <param name="cluster">Connects to cluster workers for <c>rollout.workers: cluster</c>; null where the host offers none.</param>
public sealed class GrpoRunner(TaskFamilyRegistry families, VerifierRegistry verifiers, ILogger<GrpoRunner> logger, IClusterConnector? cluster = null) : IStageRunner
{
    public string Kind => "grpo";

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var settings = (GrpoStage)context.Stage;
        var stage = settings.EffectiveName;
        var seed = context.Seed;
        var source = context.ResolveModel(settings.From!);
        using var policy = Checkpoint.Load(source, context.Recipe.Compute);
        var inferenceCompute = InferenceCompute(settings, context.Recipe.Compute, stage);
        using var inference = InferenceCopy.Of(policy.Model, inferenceCompute.Dtype);
        using var reference = settings.UsesReference ? Checkpoint.Load(source, inferenceCompute) : null;
        if (reference is not null)
        {
            Freeze(reference.Model);
        }

        var tokenizer = policy.Tokenizer;
        var prompts = context.Prompts(tokenizer, source);
        using var prm = settings.ProcessRewards.Prm is { } prmSource ? LoadProcessRewardModel(context.ResolveModel(prmSource), tokenizer, context.Recipe.Compute) : null;
        var rewards = new RewardComposer([.. settings.Rewards.Select(r => new RewardComponent(verifiers.Get(r.Verifier), r.Weight))]);
        var reflection = settings.ReflectionPhrases is { Count: > 0 } phrases ? new ReflectionDetector(phrases) : ReflectionDetector.Default;
        var checkpoints = new StageCheckpoints(context.Folder.Path, settings.KeepCheckpoints) { Prompts = context.Recipe.Prompts };
        var setup = new GrpoSetup(
            settings, stage, seed, policy.Model, reference?.Model, tokenizer,
            new ProblemSource(settings.Problems, families),
            rewards,
            reflection,
            StepRewardHook.For(settings, tokenizer, prm is null ? null : PrmStepRewards.For(prm, tokenizer, settings.ProcessRewards)),
            settings.Eval.Samples > 0
                ? (model, step, token) => HeldOutEvaluation.RunAsync(
                    model, prompts, settings.Eval, families, verifiers, context.Recipe.Seed,
                    context.Folder.Combine("eval", $"step-{step:D6}"), logger, stage, token)
                : null,
            checkpoints,
            context.Folder.Path)
        {
            Inference = inference,
            Prompts = prompts,
        };
        logger.LogInformation(
            "{Stage}: {Steps} steps of {Prompts} prompts × {Group} completions{Budget}; μ={Mu}, minibatch {Minibatch}, {Ratio} ratio ε={Low}/{High}, π_old from the {Old}{Tis}, inference in {Inference}, training in {Training}, β={Beta} ({Estimator} in the {KlIn}), loss {Loss}, advantages {Advantage} ({Scale}){Process}",
            stage, settings.Steps, settings.PromptsPerStep, settings.GroupSize, settings.MaxSampledTokens > 0 ? $" or {settings.MaxSampledTokens:N0} sampled tokens" : "",
            settings.UpdatesPerBatch, settings.MinibatchSize, Yaml(settings.RatioLevel), settings.ClipEpsilonLow, settings.ClipEpsilonHigh, Yaml(settings.OldLogProbs),
            settings.SamplerCorrection == SamplerCorrection.Tis ? $", TIS capped at {settings.TisCap}" : "", Yaml(inference.Model.Compute.Dtype), Yaml(policy.Model.Compute.Dtype == Model.ComputeDtype.Bfloat16 ? policy.Model.Compute.Dtype : settings.TrainingDtype), settings.KlBeta, Yaml(settings.KlEstimator), Yaml(settings.KlIn),
            settings.Loss, settings.Advantage, settings.Scale,
            settings.Advantage == AdvantageKind.Outcome ? "" : $", step rewards from {settings.ProcessRewards.Source}, {settings.ProcessRewards.Transform} transform, {settings.ProcessRewards.CreditAssignment} credit");

        if (settings.Rollout.MaxStaleness > 0)
        {
            logger.LogInformation(
                "{Stage}: rollouts up to {Staleness} updates stale: step t samples from policy version max(0, t − {Staleness}) while earlier steps update; π_old is the trained policy recomputed, TIS capped at {Cap} corrects for the sampler",
                stage, settings.Rollout.MaxStaleness, settings.Rollout.MaxStaleness, settings.TisCap);
        }

        await using var workers = await ConnectWorkersAsync(setup, context, cancellationToken).ConfigureAwait(false);
        var last = await new GrpoTrainer(logger).TrainAsync(setup with { Workers = workers }, context.Resume, cancellationToken).ConfigureAwait(false);
        var steps = (int)last.GetValueOrDefault(MetricNames.Step, settings.Steps);
        checkpoints.SaveFinal(policy.Model, tokenizer, new TrainerState { Stage = stage, Step = steps, Seed = seed });
        var summary = last
            .Where(kv => kv.Key is MetricNames.Reward or MetricNames.PassRate or MetricNames.CompletionsMeanLength or MetricNames.ReflectionRate or MetricNames.Kl
                or MetricNames.SampledTokens or MetricNames.Step
                || kv.Key.StartsWith("eval/", StringComparison.Ordinal) || kv.Key.StartsWith("prm/", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        ComputeOf(settings, policy.Model, (long)last.GetValueOrDefault(Metrics.MetricNames.NumTokens)).AddTo(summary);
        return new StageResult(stage, checkpoints.Final, summary);
    }

    /// <summary>The stage's rollout workers: in-process, or connected to the cluster the recipe names.</summary>
    private async Task<IRolloutWorkers> ConnectWorkersAsync(GrpoSetup setup, StageContext context, CancellationToken cancellationToken)
    {
        var rollout = setup.Settings.Rollout;
        if (rollout.Workers == RolloutWorkersKind.Local)
        {
            return LocalRolloutWorkers.For(setup);
        }

        if (cluster is null)
        {
            throw new InputException($"{setup.Stage}: rollout.workers: cluster, but this host has no cluster support; run the stage with the reasonrl command");
        }

        var weights = rollout.WeightsFolder.Length > 0 ? Path.GetFullPath(rollout.WeightsFolder) : context.Folder.Combine("weights");
        logger.LogInformation("{Stage}: rollout units on the cluster at {Cluster}, {Partitions} per round; weights published in {Weights}", setup.Stage, rollout.Cluster, rollout.Partitions, weights);
        return await cluster.ConnectAsync(setup, rollout, InferenceCompute(setup.Settings, context.Recipe.Compute, setup.Stage), weights, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Where and in which dtype the sampler and the frozen reference run: the recipe's compute with the stage's
    /// <c>inference_dtype</c>, or float32 (with a warning) where the device has no native bfloat16 arithmetic.
    /// </summary>
    private Model.ModelCompute InferenceCompute(GrpoStage settings, Model.ModelCompute compute, string stage)
    {
        var dtype = Model.Bfloat16Support.Effective(settings.InferenceDtype, compute);
        if (dtype != settings.InferenceDtype)
        {
            logger.LogWarning(
                "{Stage}: inference_dtype: {Wanted} asked for, but {Device} has no native bfloat16 arithmetic (AVX-512 BF16 or AMX on a CPU); sampling and the reference run in {Dtype}",
                stage, Yaml(settings.InferenceDtype), compute.Device, Yaml(dtype));
        }

        return compute with { Dtype = dtype };
    }

    /// <summary>An option's value as a recipe spells it.</summary>
    private static string Yaml<T>(T value) where T : struct, Enum => Core.Json.SnakeCase.From(value.ToString());

    private static LoadedProcessRewardModel LoadProcessRewardModel(string folder, TextTokenizer policyTokenizer, Model.ModelCompute compute)
    {
        var loaded = ProcessRewardCheckpoint.Load(folder, compute);
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

    /// <summary>
    /// The stage's compute from its token count (prompt and completion of every rollout): one sampling pass, one
    /// reference pass when the stage uses the reference, and μ training passes over the same tokens.
    /// </summary>
    private static ComputeMeter ComputeOf(GrpoStage settings, TransformerModel policy, long rolloutTokens)
    {
        var compute = new ComputeMeter();
        compute.Forward(policy, rolloutTokens);
        if (settings.UsesReference)
        {
            compute.Forward(policy, rolloutTokens);
        }

        for (var pass = 0; pass < settings.UpdatesPerBatch; pass++)
        {
            compute.Train(policy, rolloutTokens);
        }

        return compute;
    }

    private static void Freeze(TransformerModel model)
    {
        model.eval();
        foreach (var parameter in model.parameters())
        {
            parameter.requires_grad = false;
        }
    }
}
