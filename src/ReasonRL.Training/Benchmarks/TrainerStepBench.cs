using ReasonRL.Core.Randomness;
using ReasonRL.Model.Sampling;
using ReasonRL.Model.Scoring;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Grpo;
using ReasonRL.Training.Optimization;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Rollout;
using static TorchSharp.torch;

namespace ReasonRL.Training.Benchmarks;

/// <summary>The trainer's side of one GRPO step, timed (the faster of two runs of each).</summary>
/// <param name="ScoringSeconds">One no-grad scoring pass over the step's rows (the reference pass; π_old recomputed costs the same).</param>
/// <param name="UpdateSeconds">The policy update: the clipped objective over minibatches, backward and the flat AdamW step.</param>
/// <param name="SnapshotSeconds">A frozen copy of the policy, as off-policy steps take one per version (<see cref="PolicySnapshot"/>).</param>
public sealed record TrainerStepSeconds(double ScoringSeconds, double UpdateSeconds, double SnapshotSeconds);

/// <summary>
/// Times the trainer's part of a GRPO step on rows a rollout produced: the no-grad scoring pass and the policy update
/// the trainer runs (<see cref="PolicyUpdate"/> with the stage's options), and the policy snapshot of off-policy steps.
/// Advantages are random (±1) in place of verifier rewards: the cost does not depend on them. The policy's weights change.
/// </summary>
public static class TrainerStepBench
{
    private const int Repetitions = 2;

    /// <param name="promptIds">Per row, the prompt the completion of the same row continues.</param>
    public static TrainerStepSeconds Measure(
        TransformerModel policy, GrpoStage stage, IReadOnlyList<int[]> promptIds, IReadOnlyList<SampledCompletion> completions, int padId, CancellationToken cancellationToken)
    {
        using var scope = NewDisposeScope();
        var rows = completions.Count;
        var length = Enumerable.Range(0, rows).Max(r => promptIds[r].Length + completions[r].TokenIds.Length);
        var tokens = new long[rows * length];
        var mask = new float[rows * length];
        var advantages = new float[rows * length];
        var random = new DeterministicRandom(9);
        Array.Fill(tokens, padId);
        for (var row = 0; row < rows; row++)
        {
            var advantage = random.NextDouble() < 0.5 ? -1f : 1f;
            var sequence = promptIds[row].Concat(completions[row].TokenIds).ToArray();
            for (var t = 0; t < sequence.Length; t++)
            {
                tokens[(row * length) + t] = sequence[t];
                var completion = t >= promptIds[row].Length;
                mask[(row * length) + t] = completion ? 1 : 0;
                advantages[(row * length) + t] = completion ? advantage : 0;
            }
        }

        var device = policy.Device;
        var sequences = tensor(tokens, [rows, length], dtype: ScalarType.Int64, device: device);    // (R, T)
        var completionMask = tensor(mask, [rows, length], device: device);                           // (R, T)
        var tokenAdvantages = tensor(advantages, [rows, length], device: device);                    // (R, T)

        policy.eval();
        Tensor? refLogProbs = null;
        var scoring = FastestRun.Seconds(Repetitions, () => refLogProbs = LogProbScorer.ScoreWithoutGrad(policy, sequences, completionMask, stage.MinibatchSize).LogProbs);

        using var optimizer = FlatAdamW.Create(policy, stage.Optimizer);
        var options = GrpoTrainer.UpdateOptionsOf(stage);
        var update = FastestRun.Seconds(Repetitions, () =>
        {
            using var inner = NewDisposeScope();
            policy.train();
            PolicyUpdate.Run(
                new UpdateBatch(completionMask, tokenAdvantages, refLogProbs!, ImportanceWeights: null, refLogProbs),
                index => LogProbScorer.Score(policy, sequences.index_select(0, index), completionMask.index_select(0, index), withEntropy: true),
                GrpoTrainer.OptimizerStep(optimizer, stage.Optimizer.GradClip), options, new DeterministicRandom(11), cancellationToken);
        });

        var snapshot = FastestRun.Seconds(Repetitions, () => PolicySnapshot.Of(policy, version: 1, policy.Compute.Dtype).Dispose());
        return new TrainerStepSeconds(scoring, update, snapshot);
    }
}
