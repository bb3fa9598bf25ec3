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
/// Only what is needed is computed: the sequences are cut after the last masked column, and the output projection,
/// log-softmax and gather run on the hidden states of the masked positions alone (M rows instead of B·T), so memory
/// is about M × vocab floats per call. Right padding needs no attention mask: causal attention never looks ahead.
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
    public static TokenScores Score(TransformerModel model, Tensor sequences, Tensor completionMask, double temperature = 1.0, bool withEntropy = false)
    {
        Validate(model, sequences, completionMask, temperature);
        using var scope = NewDisposeScope();
        long batch = sequences.shape[0], length = sequences.shape[1];
        var mask = completionMask.to_type(ScalarType.Bool);
        if (mask.select(1, 0).any().item<bool>())
        {
            throw new ArgumentException("the completion mask marks column 0, which no earlier token predicts", nameof(completionMask));
        }

        var columns = mask.any(0).nonzero();                                    // (K, 1) columns with any scored token
        if (columns.numel() == 0)
        {
            return Escape(zeros(batch, length, device: sequences.device), withEntropy ? zeros(batch, length, device: sequences.device) : null);
        }

        var used = columns.max().item<long>() + 1;                             // tokens after the last scored column are never read
        var inputs = sequences.narrow(1, 0, used - 1);                         // (B, U−1): position t predicts token t+1
        var targetsMask = mask.narrow(1, 1, used - 1);                         // (B, U−1)
        var hidden = model.Hidden(inputs);                                     // (B, U−1, d)
        var flatMask = targetsMask.reshape(-1);                                // (B·(U−1))
        var rows = flatMask.nonzero().squeeze(1);                              // (M) flat indices of scored predictions
        var selected = hidden.reshape(-1, hidden.shape[2]).index_select(0, rows); // (M, d)
        var logits = model.Logits(selected).to_type(ScalarType.Float32);       // (M, V)
        if (temperature != 1.0)
        {
            logits = logits / temperature;
        }

        var targets = sequences.narrow(1, 1, used - 1).reshape(-1).index_select(0, rows); // (M)
        Tensor tokenLogProbs, entropy = null!;
        if (withEntropy)
        {
            var logProbs = logits.log_softmax(-1);                                          // (M, V)
            tokenLogProbs = logProbs.gather(1, targets.unsqueeze(1)).squeeze(1);            // (M)
            entropy = -(logProbs.exp() * logProbs).sum(-1);                                 // (M)
        }
        else
        {
            tokenLogProbs = logits.gather(1, targets.unsqueeze(1)).squeeze(1) - logits.logsumexp(-1); // (M)
        }

        // Back to (B, T) aligned with the tokens: prediction row (b, t) scores token t+1.
        var outputRows = rows + (rows.div(used - 1, rounding_mode: RoundingMode.floor) * (length - used + 1)) + 1;
        var result = zeros(batch * length, device: sequences.device).index_copy(0, outputRows, tokenLogProbs).view(batch, length);
        var entropyResult = withEntropy ? zeros(batch * length, device: sequences.device).index_copy(0, outputRows, entropy).view(batch, length) : null;
        return Escape(result, entropyResult);
    }

    /// <summary>
    /// The old-policy and reference passes: <see cref="Score"/> under no_grad, <paramref name="minibatchRows"/>
    /// sequences at a time, so memory stays bounded however large the batch. Results are detached.
    /// </summary>
    public static TokenScores ScoreWithoutGrad(TransformerModel model, Tensor sequences, Tensor completionMask, int minibatchRows, double temperature = 1.0, bool withEntropy = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minibatchRows);
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        var logProbs = new List<Tensor>();
        var entropies = new List<Tensor>();
        for (long start = 0; start < sequences.shape[0]; start += minibatchRows)
        {
            var rows = Math.Min(minibatchRows, sequences.shape[0] - start);
            var scores = Score(model, sequences.narrow(0, start, rows), completionMask.narrow(0, start, rows), temperature, withEntropy);
            logProbs.Add(scores.LogProbs);
            if (scores.Entropy is not null)
            {
                entropies.Add(scores.Entropy);
            }
        }

        return Escape(cat(logProbs, 0), withEntropy ? cat(entropies, 0) : null);
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
