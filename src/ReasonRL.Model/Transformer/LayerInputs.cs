using static TorchSharp.torch;

namespace ReasonRL.Model.Transformer;

/// <summary>
/// What every layer of one forward pass shares: the rotary tables for the tokens' positions (null for learned
/// positions), the attention mask or causal flag, and the KV cache (null when the whole sequence is in the input).
/// </summary>
/// <remarks>With neither mask nor causal flag, every query attends to every key (one new token after a cache).</remarks>
/// <param name="Cos">(1 or B, T, 1, head_dim).</param>
/// <param name="SignedSin">(1 or B, T, 1, head_dim).</param>
/// <param name="AttentionMask">Boolean (B, 1, T, T_keys), true where a query may attend to a key.</param>
/// <param name="IsCausal">No mask, and query t attends to keys 0..t (the input is the whole sequence so far).</param>
/// <param name="HiddenKeys">
/// With one query per row and a mask: its negation (B, 1, 1, T_keys), true where a key is hidden, made once for all
/// layers (decoding's attention fills those scores with −∞).
/// </param>
/// <param name="Prefixes">Without a cache: shared prefixes' keys and values, recorded by this pass or read before its own.</param>
internal sealed record LayerInputs(
    Tensor? Cos, Tensor? SignedSin, Tensor? AttentionMask, bool IsCausal, KvCache? Cache, Tensor? HiddenKeys = null, SharedPrefixKeys? Prefixes = null);
