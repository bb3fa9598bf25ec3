using static TorchSharp.torch;

namespace ReasonRL.Model.Scoring;

/// <summary>
/// Per-token scores of sequences, aligned with the tokens: <c>LogProbs[b, t] = log p(x_t | x_&lt;t)</c> where the
/// completion mask is set and 0 elsewhere (column 0 is never scored); <c>Entropy[b, t]</c> is the entropy of the
/// distribution that predicted x_t (when asked for). Both (B, T) float32.
/// </summary>
public sealed record TokenScores(Tensor LogProbs, Tensor? Entropy);
