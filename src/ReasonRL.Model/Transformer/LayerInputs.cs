using static TorchSharp.torch;

namespace ReasonRL.Model.Transformer;

/// <summary>
/// What every layer of one forward pass shares: the rotary tables for the tokens' positions (null for learned
/// positions), the attention mask (null means plain causal attention over the sequence itself) and the KV cache
/// (null when the whole sequence is in the input).
/// </summary>
/// <param name="Cos">(1 or B, T, 1, head_dim).</param>
/// <param name="SignedSin">(1 or B, T, 1, head_dim).</param>
/// <param name="AttentionMask">Boolean (B, 1, T, T_keys), true where a query may attend to a key.</param>
internal sealed record LayerInputs(Tensor? Cos, Tensor? SignedSin, Tensor? AttentionMask, KvCache? Cache);
