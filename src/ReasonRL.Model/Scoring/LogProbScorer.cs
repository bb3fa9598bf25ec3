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
/// Rows that share the tokens before their first scored one (a prompt's completions) run that prefix once
/// (<see cref="SharedPrefixPlan"/>), when that saves more than a bucket costs.
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

    /// <summary>
    /// <see cref="Score(TransformerModel, Tensor, Tensor, double, bool)"/> with the cost of a bucket given (0: a bucket per
    /// distinct length); <paramref name="sharePrefixes"/> false runs every row's prefix itself.
    /// </summary>
    internal static TokenScores Score(
        TransformerModel model, Tensor sequences, Tensor completionMask, double temperature, bool withEntropy, int bucketOverheadTokens, bool sharePrefixes = true)
    {
        Validate(model, sequences, completionMask, temperature);
        using var scope = NewDisposeScope();
        long batch = sequences.shape[0], length = sequences.shape[1];
        var mask = completionMask.to_type(ScalarType.Bool);
        if (mask.select(1, 0).any().item<bool>())
        {
            throw new ArgumentException("the completion mask marks column 0, which no earlier token predicts", nameof(completionMask));
        }

        var picked = (sharePrefixes && model.Config.SlidingWindow is null ? PickSharingPrefixes(model, sequences, mask, bucketOverheadTokens) : null)
            ?? PickPerRow(model, sequences, mask, bucketOverheadTokens);
        if (picked is null)
        {
            return Escape(zeros(batch, length, device: sequences.device), withEntropy ? zeros(batch, length, device: sequences.device) : null);
        }

        var logits = model.Logits(picked.Hidden).to_type(ScalarType.Float32); // (M, V)
        if (temperature != 1.0)
        {
            logits = logits / temperature;
        }

        var target = picked.Targets.unsqueeze(1); // (M, 1)
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

        var result = zeros(batch * length, device: sequences.device).index_copy(0, picked.Output, tokenLogProbs).view(batch, length);
        var entropyResult = withEntropy ? zeros(batch * length, device: sequences.device).index_copy(0, picked.Output, entropy).view(batch, length) : null;
        return Escape(result, entropyResult);
    }

    /// <summary>The scored predictions of a batch: hidden states (M, d), the tokens they predict (M), their flat indices into (B·T).</summary>
    private sealed record Picked(Tensor Hidden, Tensor Targets, Tensor Output);

    /// <summary>Each row's own forward, up to its last scored column, in buckets of rows of similar length; null when nothing is scored.</summary>
    private static Picked? PickPerRow(TransformerModel model, Tensor sequences, Tensor mask, int bucketOverheadTokens)
    {
        long batch = sequences.shape[0], length = sequences.shape[1];
        // Per row, the tokens its forward needs: up to the last scored column (tokens after it are never read).
        var lengths = UsedLengths(mask);
        var buckets = LengthBuckets.Plan(lengths, bucketOverheadTokens);
        if (buckets.Length == 0)
        {
            return null;
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

        return new Picked(
            selected.Count == 1 ? selected[0] : cat(selected, 0), targets.Count == 1 ? targets[0] : cat(targets, 0), outputRows.Count == 1 ? outputRows[0] : cat(outputRows, 0));
    }

    /// <summary>
    /// Each distinct prefix's forward once (<see cref="SharedPrefixPlan"/>), then the rows' continuations in buckets of
    /// similar length, each attending to its prefix's keys and values and then causally to its own; the gradient of every
    /// row reaches its prefix's one pass. Null when sharing saves no more than a bucket costs (then each row runs alone).
    /// </summary>
    /// <remarks>
    /// The same attention as a row's own pass: query p_r + s sees prefix keys 0..p_r − 1 and continuation keys 0..s, at
    /// the same positions, so the scores equal <see cref="PickPerRow"/>'s up to float rounding.
    /// </remarks>
    private static Picked? PickSharingPrefixes(TransformerModel model, Tensor sequences, Tensor mask, int bucketOverheadTokens)
    {
        int batch = (int)sequences.shape[0], length = (int)sequences.shape[1];
        var tokens = sequences.cpu().data<long>().ToArray();
        var scored = mask.cpu().data<bool>().ToArray();
        var plan = SharedPrefixPlan.Of(tokens, scored, batch, length);
        if (plan.Prefixes.Count == 0 || plan.SavedPositions <= bucketOverheadTokens)
        {
            return null;
        }

        var device = sequences.device;
        int prefixCount = plan.Prefixes.Count, width = plan.Prefixes.Max(p => p.Length);
        var prefixTokens = new long[prefixCount * width]; // right-padded with token 0, which no scored query sees
        for (var g = 0; g < prefixCount; g++)
        {
            plan.Prefixes[g].CopyTo(prefixTokens, g * width);
        }

        using var prefixes = new SharedPrefixKeys(model.Config.Layers);
        var prefixHidden = model.HiddenSharingPrefixes(tensor(prefixTokens, [prefixCount, width], device: device), prefixes); // (U, P, d)
        var tables = new List<Tensor> { prefixHidden.reshape(-1, prefixHidden.shape[2]) };
        var source = new long[batch * length]; // per scored token, its row in cat(tables): the hidden state that predicts it
        long offset = prefixCount * width;
        for (var r = 0; r < batch; r++)
        {
            if (plan.RowPrefix[r] >= 0)
            {
                source[(r * length) + plan.PrefixLengths[r]] = ((long)plan.RowPrefix[r] * width) + plan.PrefixLengths[r] - 1; // the prefix's last token predicts the first scored one
            }
        }

        var keyColumns = arange(width, dtype: ScalarType.Int64, device: device);                                 // (P)
        foreach (var bucket in LengthBuckets.Plan(plan.ContinuationLengths, bucketOverheadTokens))
        {
            int rows = bucket.Length, span = bucket.Max(r => plan.ContinuationLengths[r]);
            var rowTokens = new long[rows * span];
            var starts = new long[rows];
            var rowPrefixes = new long[rows];
            for (var i = 0; i < rows; i++)
            {
                var r = bucket[i];
                int start = plan.PrefixLengths[r], count = plan.ContinuationLengths[r];
                Array.Copy(tokens, (r * length) + start, rowTokens, i * span, count);
                starts[i] = start;
                rowPrefixes[i] = plan.RowPrefix[r];
                for (var s = 0; s < count; s++)
                {
                    source[(r * length) + start + s + 1] = offset + (i * span) + s;
                }
            }

            var firstScored = tensor(starts, device: device).unsqueeze(1);                                             // (R, 1) p_r
            var positions = (firstScored + arange(span, dtype: ScalarType.Int64, device: device)).clamp_max(model.Config.ContextLength - 1); // (R, S); padding clamped
            var seesPrefix = keyColumns.unsqueeze(0).lt(firstScored).view(rows, 1, 1, width).expand(rows, 1, span, width);       // key j < p_r
            var seesOwn = ones(span, span, dtype: ScalarType.Bool, device: device).tril().expand(rows, 1, span, span);    // key s' ≤ s
            prefixes.RowPrefixes = tensor(rowPrefixes, device: device);
            var hidden = model.HiddenSharingPrefixes(
                tensor(rowTokens, [rows, span], device: device), prefixes, positions, cat([seesPrefix, seesOwn], 3)); // (R, S, d)
            tables.Add(hidden.reshape(-1, hidden.shape[2]));
            offset += rows * span;
        }

        var picks = Enumerable.Range(0, batch * length).Where(k => scored[k]).ToArray();
        var table = tables.Count == 1 ? tables[0] : cat(tables, 0);
        return new Picked(
            table.index_select(0, tensor(picks.Select(k => source[k]).ToArray(), device: device)),
            tensor(picks.Select(k => tokens[k]).ToArray(), device: device),
            tensor(picks.Select(k => (long)k).ToArray(), device: device));
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
