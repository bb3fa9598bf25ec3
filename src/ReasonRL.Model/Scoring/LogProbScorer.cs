using ReasonRL.Model.Transformer;
using static TorchSharp.torch;

namespace ReasonRL.Model.Scoring;

/// <summary>
/// Batched log-prob scoring: the policy, old-policy and reference passes of every trainer. Given right-padded
/// sequences (prompt + completion) and a completion mask, returns log p(x_t | x_&lt;t) of the actual tokens under
/// softmax(logits / temperature), only where the mask is set.
/// </summary>
/// <remarks>
/// Logits are widened to float32 before the log-softmax whatever the model's dtype (as TRL does), and results are
/// float32 on the model's device.
/// Only what is needed is computed: each row runs up to its last masked column, in buckets of rows of similar length
/// (<see cref="LengthBuckets"/>), each bucket's forward cut to its longest row, and the output projection, log-softmax
/// and gather run on the hidden states of the masked positions alone (M rows instead of B·T), so memory is about
/// M × vocab floats per call. Right padding needs no attention mask: causal attention never looks ahead.
/// </remarks>
public static class LogProbScorer
{
    /// <summary>
    /// One forward pass, in the caller's grad mode: the policy pass calls this per minibatch inside its loss, under
    /// grad, and backpropagates through <see cref="TokenScores.LogProbs"/>.
    /// </summary>
    /// <param name="sequences">(B, T) int64 token ids, right-padded.</param>
    /// <param name="completionMask">(B, T) bool or 0/1: true where token t is scored. Column 0 must be false.</param>
    /// <param name="temperature">Divides the logits (use the sampling temperature, so the log-probs match the sampler's).</param>
    public static TokenScores Score(TransformerModel model, Tensor sequences, Tensor completionMask, double temperature = 1.0, bool withEntropy = false) =>
        Score(model, sequences, completionMask, temperature, withEntropy, BucketOverheadTokens);

    /// <summary><see cref="Score(TransformerModel, Tensor, Tensor, double, bool)"/> with the cost of a bucket given (0: a bucket per distinct length).</summary>
    internal static TokenScores Score(TransformerModel model, Tensor sequences, Tensor completionMask, double temperature, bool withEntropy, int bucketOverheadTokens)
    {
        Validate(model, sequences, completionMask, temperature);
        using var scope = NewDisposeScope();
        long batch = sequences.shape[0], length = sequences.shape[1];
        var mask = completionMask.to_type(ScalarType.Bool);
        if (mask.select(1, 0).any().item<bool>())
        {
            throw new ArgumentException("the completion mask marks column 0, which no earlier token predicts", nameof(completionMask));
        }

        // Per row, the tokens its forward needs: up to the last scored column (tokens after it are never read).
        var lengths = UsedLengths(mask);
        var buckets = LengthBuckets.Plan(lengths, bucketOverheadTokens);
        if (buckets.Length == 0)
        {
            return Escape(zeros(batch, length, device: sequences.device), withEntropy ? zeros(batch, length, device: sequences.device) : null);
        }

        var selected = new List<Tensor>();   // per bucket (M_b, d): hidden states of the scored predictions
        var targets = new List<Tensor>();    // per bucket (M_b): the tokens they predict
        var outputRows = new List<Tensor>(); // per bucket (M_b): flat indices into (B·T) of the tokens scored
        foreach (var bucket in buckets)
        {
            var used = lengths[bucket[^1]];
            var rowIndex = tensor(bucket.Select(i => (long)i).ToArray(), device: sequences.device);     // (R)
            var rows = bucket.Length == batch && IsIdentity(bucket) ? sequences : sequences.index_select(0, rowIndex);
            var rowMask = bucket.Length == batch && IsIdentity(bucket) ? mask : mask.index_select(0, rowIndex);
            var hidden = model.Hidden(rows.narrow(1, 0, used - 1));                                  // (R, U−1, d): position t predicts token t+1
            var flat = rowMask.narrow(1, 1, used - 1).reshape(-1).nonzero().squeeze(1);              // (M_b) flat indices of scored predictions
            selected.Add(hidden.reshape(-1, hidden.shape[2]).index_select(0, flat));
            targets.Add(rows.narrow(1, 1, used - 1).reshape(-1).index_select(0, flat));
            // Back to (B, T) aligned with the tokens: prediction (r, t) of the bucket scores token t+1 of row bucket[r].
            var bucketRow = flat.div(used - 1, rounding_mode: RoundingMode.floor);
            outputRows.Add((rowIndex.index_select(0, bucketRow) * length) + (flat - (bucketRow * (used - 1))) + 1);
        }

        var logits = model.Logits(selected.Count == 1 ? selected[0] : cat(selected, 0)).to_type(ScalarType.Float32); // (M, V)
        if (temperature != 1.0)
        {
            logits = logits / temperature;
        }

        var target = (targets.Count == 1 ? targets[0] : cat(targets, 0)).unsqueeze(1); // (M, 1)
        var output = outputRows.Count == 1 ? outputRows[0] : cat(outputRows, 0);      // (M)
        Tensor tokenLogProbs, entropy = null!;
        if (withEntropy)
        {
            var logProbs = logits.log_softmax(-1);                                      // (M, V)
            tokenLogProbs = logProbs.gather(1, target).squeeze(1);                       // (M)
            entropy = -(logProbs.exp() * logProbs).sum(-1);                             // (M)
        }
        else
        {
            tokenLogProbs = logits.gather(1, target).squeeze(1) - logits.logsumexp(-1); // (M)
        }

        var result = zeros(batch * length, device: sequences.device).index_copy(0, output, tokenLogProbs).view(batch, length);
        var entropyResult = withEntropy ? zeros(batch * length, device: sequences.device).index_copy(0, output, entropy).view(batch, length) : null;
        return Escape(result, entropyResult);
    }

    /// <summary>
    /// The old-policy and reference passes: <see cref="Score(TransformerModel, Tensor, Tensor, double, bool)"/> under no_grad,
    /// <paramref name="minibatchRows"/> sequences at a time (rows of similar length together), so memory stays bounded
    /// however large the batch. Results are detached, in the input's row order.
    /// </summary>
    /// <param name="streams">
    /// Minibatches scored at once, each stream on a thread of its own with single-threaded kernels (as
    /// <see cref="Sampling.SamplingOptions.Streams"/> decodes): stream s takes minibatches s, s + streams, …, so the
    /// lengths, sorted, are shared out evenly. A minibatch's rows are the same whatever the streams.
    /// </param>
    public static TokenScores ScoreWithoutGrad(
        TransformerModel model, Tensor sequences, Tensor completionMask, int minibatchRows, double temperature = 1.0, bool withEntropy = false, int streams = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minibatchRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(streams);
        Validate(model, sequences, completionMask, temperature);
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        // Minibatches of rows of similar length: sorted by the tokens each needs, so each pass is cut to a near-common width.
        var lengths = UsedLengths(completionMask.to_type(ScalarType.Bool));
        var order = Enumerable.Range(0, lengths.Length).OrderBy(i => lengths[i]).ThenBy(i => i).Select(i => (long)i).ToArray();
        var minibatches = Enumerable.Range(0, (order.Length + minibatchRows - 1) / minibatchRows)
            .Select(m => tensor(order[(m * minibatchRows)..Math.Min(order.Length, (m + 1) * minibatchRows)], device: sequences.device))
            .ToArray(); // row indices of each minibatch: what it scores, and where its scores go
        var scored = new TokenScores[minibatches.Length];
        void ScoreMinibatch(int m)
        {
            using var rowSequences = sequences.index_select(0, minibatches[m]);
            using var rowMask = completionMask.index_select(0, minibatches[m]);
            scored[m] = Score(model, rowSequences, rowMask, temperature, withEntropy);
        }

        streams = Math.Min(streams, Math.Max(1, minibatches.Length));
        if (streams == 1)
        {
            for (var m = 0; m < minibatches.Length; m++)
            {
                ScoreMinibatch(m);
            }
        }
        else
        {
            // Each thread has its own grad mode and dispose scope: no_grad again there, results disposed below.
            Sampling.SamplingStreams.Run(streams, streams, (stream, _) =>
            {
                using var streamGuard = no_grad();
                for (var m = stream; m < minibatches.Length; m += streams)
                {
                    ScoreMinibatch(m);
                }
            });
        }

        var logProbs = zeros_like(sequences, dtype: ScalarType.Float32);
        var entropies = withEntropy ? zeros_like(sequences, dtype: ScalarType.Float32) : null;
        for (var m = 0; m < minibatches.Length; m++)
        {
            logProbs.index_copy_(0, minibatches[m], scored[m].LogProbs);
            entropies?.index_copy_(0, minibatches[m], scored[m].Entropy!);
            scored[m].LogProbs.Dispose();
            scored[m].Entropy?.Dispose();
        }

        return Escape(logProbs, entropies);
    }

    /// <summary>
    /// What one more bucket of a pass costs beyond its tokens, in padded positions (for <see cref="LengthBuckets.Plan"/>):
    /// a forward and backward of a small model launch a few hundred kernels of a few µs each, and smaller matrix
    /// products run further from the GEMM peak.
    /// </summary>
    internal const int BucketOverheadTokens = 256;

    /// <summary>mask (B, T) bool → per row, the last masked column + 1 (0 for a row with nothing masked).</summary>
    private static int[] UsedLengths(Tensor mask)
    {
        using var scope = NewDisposeScope();
        var columns = arange(1, mask.shape[1] + 1, dtype: ScalarType.Int64, device: mask.device); // (T) 1..T
        var last = (mask.to_type(ScalarType.Int64) * columns).amax([1]);                         // (B)
        return [.. last.cpu().data<long>().ToArray().Select(l => (int)l)];
    }

    private static bool IsIdentity(int[] rows)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i] != i)
            {
                return false;
            }
        }

        return true;
    }

    private static TokenScores Escape(Tensor logProbs, Tensor? entropy) =>
        new(logProbs.MoveToOuterDisposeScope(), entropy?.MoveToOuterDisposeScope());

    private static void Validate(TransformerModel model, Tensor sequences, Tensor completionMask, double temperature)
    {
        if (sequences.dim() != 2 || sequences.dtype != ScalarType.Int64)
        {
            throw new ArgumentException($"sequences must be (batch, length) int64, got {sequences.dtype} [{string.Join(", ", sequences.shape)}]", nameof(sequences));
        }

        if (!completionMask.shape.SequenceEqual(sequences.shape))
        {
            throw new ArgumentException($"the completion mask [{string.Join(", ", completionMask.shape)}] must have the sequences' shape [{string.Join(", ", sequences.shape)}]", nameof(completionMask));
        }

        if (sequences.shape[1] > model.Config.ContextLength)
        {
            throw new ArgumentException($"sequences of {sequences.shape[1]} tokens are longer than the context length {model.Config.ContextLength}", nameof(sequences));
        }

        if (!(temperature > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "scoring needs a positive temperature");
        }
    }
}
