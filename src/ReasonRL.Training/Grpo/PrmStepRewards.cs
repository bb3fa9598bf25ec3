using ReasonRL.Core.Evaluation;
using ReasonRL.Core.Json;
using ReasonRL.Core.Prm;
using ReasonRL.Core.Rl;
using ReasonRL.Core.Records;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Prm;
using ReasonRL.Training.Recipes;

namespace ReasonRL.Training.Grpo;

/// <summary>
/// Step rewards from a trained process reward model: each completion is cut into steps the way the PRM was trained
/// (<see cref="SolutionSteps"/>: its reasoning steps, then the answer), the PRM reads prompt + completion once, and
/// each step's reward is its probability of being on track at the token that ends it, optionally refined
/// (<see cref="StepRewardTransforms"/>). Also measures reward hacking: the mean PRM solution score of the batch
/// (<c>prm/score_mean</c>, aggregated by min or product) against the true pass rate of the same completions
/// (<c>prm/gap</c> = score − pass rate; a PRM being exploited scores rising while correctness does not), and how well
/// the score still ranks right above wrong answers (<c>prm/auc</c>).
/// </summary>
public sealed class PrmStepRewards(ProcessRewardModel model, TextTokenizer tokenizer, StepSegmentation segmentation, ProcessRewardSection settings)
{
    /// <summary>Step rewards from a loaded PRM, which cuts solutions into steps as its prm stage recorded (the verifier's marks when it did not).</summary>
    public static PrmStepRewards For(LoadedProcessRewardModel prm, TextTokenizer tokenizer, ProcessRewardSection settings)
    {
        var segmentation = prm.Settings.TryGetValue(SolutionSteps.SegmentationSetting, out var text) && SnakeCase.TryParseEnum<StepSegmentation>(text, out var recorded)
            ? recorded
            : StepSegmentation.Verifier;
        return new PrmStepRewards(prm.Model, tokenizer, segmentation, settings);
    }

    public StepRewardBatch Of(RolloutBatch batch, RewardScores scores)
    {
        var prompts = Enumerable.Range(0, batch.Count).Select(i => batch.PromptIds[i / batch.GroupSize]).ToList();
        var (probabilities, positions) = StepProbabilities(
            prompts, [.. batch.Completions.Select(c => c.TokenIds)], [.. batch.Completions.Select(c => c.Text)], [.. scores.Verdicts.Select(v => v.Verdict)]);
        var steps = new IReadOnlyList<StepReward>[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var promptLength = prompts[i].Length;
            steps[i] = StepRewardHook.Refine([.. probabilities[i].Select((p, j) => new StepReward(positions[i][j] - promptLength, p))], settings.Transform, settings.ClipEta);
        }

        return new StepRewardBatch(steps, Monitor(probabilities, [.. scores.Verdicts.Select(v => v.Verdict.IsCorrect)], settings.Aggregation));
    }

    /// <summary>Each completion's solution score: its step probabilities aggregated by the section's <see cref="ProcessRewardSection.Aggregation"/>.</summary>
    public double[] SolutionScores(IReadOnlyList<int[]> prompts, IReadOnlyList<int[]> completions, IReadOnlyList<string> texts, IReadOnlyList<Verdict> verdicts) =>
        [.. StepProbabilities(prompts, completions, texts, verdicts).Probabilities.Select(p => SolutionScore.Of(p, settings.Aggregation))];

    /// <summary>
    /// The PRM's probability of being on track at the token ending each step of each completion (prompt i precedes
    /// completion i), and those tokens' positions in the prompt + completion sequence.
    /// </summary>
    private (IReadOnlyList<double[]> Probabilities, int[][] Positions) StepProbabilities(
        IReadOnlyList<int[]> prompts, IReadOnlyList<int[]> completions, IReadOnlyList<string> texts, IReadOnlyList<Verdict> verdicts)
    {
        var sequences = new int[completions.Count][];
        var positions = new int[completions.Count][];
        var context = model.Config.ContextLength;
        for (var i = 0; i < completions.Count; i++)
        {
            var ends = SolutionSteps.Ends(texts[i], verdicts[i], segmentation);
            sequences[i] = [.. prompts[i], .. completions[i]];
            // Rollouts fit the policy's context; a PRM with a shorter one reads what fits and scores the steps within it.
            positions[i] = [.. PrmSequence.Positions(prompts[i].Length, completions[i], tokenizer, ends).Select(p => Math.Min(p, context - 1))];
            sequences[i] = sequences[i][..Math.Min(sequences[i].Length, context)];
        }

        return (ProcessRewardScorer.StepProbabilities(model, sequences, positions, tokenizer.PadId), positions);
    }

    /// <summary>The PRM's view of a batch beside the truth: mean solution score, pass rate, their gap, mean step probability, AUC.</summary>
    public static Dictionary<string, double> Monitor(IReadOnlyList<double[]> probabilities, IReadOnlyList<bool> correct, ScoreAggregation aggregation)
    {
        var solutionScores = probabilities.Select(p => SolutionScore.Of(p, aggregation)).ToList();
        var scoreMean = solutionScores.Average();
        var passRate = correct.Average(c => c ? 1.0 : 0.0);
        return new Dictionary<string, double>
        {
            ["prm/score_mean"] = scoreMean,
            ["prm/gap"] = scoreMean - passRate,
            ["prm/step_mean"] = probabilities.SelectMany(p => p).DefaultIfEmpty(double.NaN).Average(),
            ["prm/steps_per_completion"] = probabilities.Average(p => p.Length),
            ["prm/auc"] = RocAuc.Of(solutionScores, correct),
        };
    }
}
