using Microsoft.Extensions.Logging;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Checkpoints;
using ReasonRL.Training.Distillation;
using ReasonRL.Training.Evaluation;
using ReasonRL.Training.Problems;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Supervised;

namespace ReasonRL.Training.Stages;

/// <summary>
/// The <c>distill</c> stage: loads the student (<c>from:</c>) and the frozen teacher, checks that they share the
/// tokenizer, wires the step's sequences (a dataset's pairs or problems), runs <see cref="DistillTrainer"/>, keeps the
/// student, and optionally evaluates it on held-out problems.
/// </summary>
public sealed class DistillRunner(TaskFamilyRegistry families, VerifierRegistry verifiers, ILogger<DistillRunner> logger) : IStageRunner
{
    public string Kind => "distill";

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var settings = (DistillStage)context.Stage;
        var stage = settings.EffectiveName;
        var seed = context.Seed;
        var (studentPath, teacherPath) = (context.ResolveModel(settings.From!), context.ResolveModel(settings.Teacher!));
        using var student = Checkpoint.Load(studentPath, context.Recipe.Compute);
        using var teacher = Checkpoint.Load(teacherPath, context.Recipe.Compute);
        TokenizerMatch.Require(teacherPath, teacher.Tokenizer, studentPath, student.Tokenizer);
        Freeze(teacher.Model);

        var tokenizer = student.Tokenizer;
        var prompts = context.Prompts(tokenizer, studentPath);
        var sampling = settings.Sampling.ToOptions();
        var contextLength = Math.Min(student.Config.ContextLength, teacher.Config.ContextLength);
        var sequences = settings.Data is { } data
            ? new DistillSequences(Examples(data, context, prompts, seed), null, prompts, settings.BatchSize, contextLength, sampling, seed)
            : new DistillSequences(null, new ProblemSource(settings.Problems!, families), prompts, settings.BatchSize, contextLength, sampling, seed);
        logger.LogInformation(
            "{Stage}: {Student} ← teacher {Teacher}; {Steps} steps of {Batch} sequences, {Divergence}{Beta}, λ = {Lambda} (share of steps on student samples), off-policy: {OffPolicy}",
            stage, studentPath, teacherPath, settings.Steps, settings.BatchSize, settings.Loss, settings.Loss == Losses.Divergence.Jsd ? $" β = {settings.Beta}" : "",
            settings.Lambda, settings.Data is null ? "teacher samples" : "dataset completions");

        var checkpoints = new StageCheckpoints(context.Folder.Path) { Prompts = context.Recipe.Prompts };
        var setup = new DistillSetup(settings, stage, seed, student.Model, teacher.Model, tokenizer, sequences, checkpoints, context.Folder.Path);
        var last = new DistillTrainer(logger).Train(setup, context.Resume, cancellationToken);
        checkpoints.SaveFinal(student.Model, tokenizer, new TrainerState { Stage = stage, Step = settings.Steps, Seed = seed });

        var summary = last
            .Where(kv => kv.Key is "loss" or "completions/mean_length" || kv.Key.StartsWith("compute/", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        if (settings.Eval.Samples > 0)
        {
            foreach (var (name, value) in await HeldOutEvaluation.RunAsync(
                student.Model, prompts, settings.Eval, families, verifiers, context.Recipe.Seed, context.Folder.Combine("eval"), logger, stage, cancellationToken).ConfigureAwait(false))
            {
                summary[name] = value;
            }
        }

        return new StageResult(stage, checkpoints.Final, summary);
    }

    /// <summary>Every prompt/completion pair of the data section (its held-out share included: distillation has no eval loss).</summary>
    private List<SftExample> Examples(SftDataSection data, StageContext context, PromptBuilder prompts, ulong seed)
    {
        var resolved = data.From is { } from ? data with { File = context.ResolveDataset(from), From = null } : data;
        var (train, heldOut) = SftExample.Load(resolved, families, prompts, SeedMixer.Mix(seed, "data"));
        return [.. train, .. heldOut];
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
