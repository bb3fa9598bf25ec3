using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ReasonRL.Model.Transformer;

/// <summary>
/// A decoder-only transformer language model built from a <see cref="TransformerConfig"/>: the policy, reference,
/// teacher, student and process-reward model of every trainer. Parameter names follow the Hugging Face Llama layout
/// (<c>model.embed_tokens.weight</c>, <c>model.layers.{i}.self_attn.q_proj.weight</c>, …, <c>lm_head.weight</c> when
/// untied), so an rmsnorm + rope + swiglu checkpoint loads in Python tooling; the other variants add
/// <c>model.embed_positions.weight</c> (learned positions), LayerNorm biases, and <c>mlp.up_proj</c>/<c>mlp.down_proj</c>
/// for the GELU block.
/// </summary>
/// <remarks>
/// Every call allocates native tensors: wrap each training or sampling step in one <c>NewDisposeScope()</c>.
/// </remarks>
public sealed class TransformerModel : nn.Module<Tensor, Tensor>
{
    private readonly DecoderStack model;
    private readonly Linear? lm_head;

    private TransformerModel(TransformerConfig config, ModelCompute compute) : base(nameof(TransformerModel))
    {
        Config = config;
        Compute = compute;
        Device = compute.TorchDevice();
        var placement = new Placement(Device, compute.ScalarType);
        model = new DecoderStack(config, placement);
        if (!config.TiedEmbeddings)
        {
            lm_head = nn.Linear(config.DModel, config.VocabSize, hasBias: false, device: placement.Device, dtype: placement.Dtype);
        }

        RegisterComponents();
    }

    public TransformerConfig Config { get; }

    /// <summary>Where the model runs and in which dtype; every tensor made for it (cache, batches, losses) follows it.</summary>
    public ModelCompute Compute { get; }

    /// <summary>The device of every parameter.</summary>
    public Device Device { get; }

    /// <summary>The dtype of every parameter (float32 or bfloat16).</summary>
    public ScalarType Dtype => Compute.ScalarType;

    /// <summary>
    /// A freshly initialised model: weights ~ N(0, 0.02²), the projections that write into the residual stream
    /// scaled by 1/√(2·layers) (GPT-2, Radford et al. 2019), norms at one; drawn from a generator seeded with
    /// <paramref name="seed"/>, so the same seed gives the same weights.
    /// </summary>
    /// <remarks>The draws are made in float32 on the CPU whatever <paramref name="compute"/> says, so a seed gives the same weights (up to rounding to bfloat16) everywhere.</remarks>
    public static TransformerModel Create(TransformerConfig config, ulong seed, ModelCompute? compute = null)
    {
        var created = Uninitialised(config, compute);
        created.Initialise(seed);
        return created;
    }

    /// <summary>
    /// A model whose weights are whatever the layers' constructors left: for a checkpoint loader that overwrites every
    /// parameter at once.
    /// </summary>
    public static TransformerModel Uninitialised(TransformerConfig config, ModelCompute? compute = null)
    {
        var problems = config.Problems().Select(p => $"{p.Field}: {p.Message}").ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"invalid transformer configuration: {string.Join("; ", problems)}", nameof(config));
        }

        return new TransformerModel(config, compute ?? ModelCompute.Default);
    }

    /// <summary>
    /// An independent copy with the same weights, device and dtype (e.g. the frozen reference model of GRPO, or π_old);
    /// its parameters require grad like the original's.
    /// </summary>
    public TransformerModel Copy()
    {
        var copy = new TransformerModel(Config, Compute);
        using var guard = no_grad();
        var source = state_dict();
        foreach (var (name, target) in copy.state_dict())
        {
            target.copy_(source[name]);
        }

        return copy;
    }

    /// <summary>tokens (B, T) long → logits (B, T, vocab).</summary>
    public override Tensor forward(Tensor tokens)
    {
        using var hidden = Hidden(tokens);
        return Logits(hidden);
    }

    /// <summary>
    /// tokens (B, T) long → final hidden states (B, T, d), before the output projection, so callers can project only
    /// the positions they need. Without <paramref name="positions"/>, <paramref name="attentionMask"/> and
    /// <paramref name="cache"/> this is plain causal attention over positions 0..T−1 (right padding needs no mask).
    /// </summary>
    /// <param name="positions">(B, T) long: each token's position (left-padded batches); null means 0..T−1 after the cache.</param>
    /// <param name="attentionMask">
    /// Boolean (B, 1, T, T_keys), true where a query may attend to a key (T_keys counts the cache). Without a mask, an
    /// empty cache means causal attention, and a non-empty one means the single new token attends to everything.
    /// </param>
    /// <param name="cache">Keys and values of earlier tokens; this call appends the new ones.</param>
    public Tensor Hidden(Tensor tokens, Tensor? positions = null, Tensor? attentionMask = null, KvCache? cache = null)
    {
        ValidateTokens(tokens, positions, attentionMask, cache);
        return model.forward(tokens, positions, attentionMask, cache);
    }

    /// <summary>
    /// <see cref="Hidden"/> with shared prefixes: with <see cref="SharedPrefixKeys.RowPrefixes"/> unset, a causal pass
    /// over the prefixes (U, P) that records their keys and values; with it set, a pass over the rows' continuations
    /// (R, T) at their <paramref name="positions"/>, each attending, as <paramref name="attentionMask"/>
    /// (R, 1, T, P + T) allows, to its prefix's keys and values and then to its own.
    /// </summary>
    internal Tensor HiddenSharingPrefixes(Tensor tokens, SharedPrefixKeys prefixes, Tensor? positions = null, Tensor? attentionMask = null)
    {
        ValidateTokens(tokens, positions, attentionMask, cache: null);
        return model.forward(tokens, positions, attentionMask, cache: null, prefixes);
    }

    /// <summary>hidden (…, d) → logits (…, vocab), in the model's dtype (callers widen to float32 before a softmax).</summary>
    public Tensor Logits(Tensor hidden) =>
        lm_head is null ? F.linear(hidden, model.TokenEmbedding.weight!) : lm_head.forward(hidden);

    /// <summary>
    /// Parameters counted for model FLOPs (6·N per trained token): every parameter that takes part in a matmul. The
    /// token embedding counts once, as the output projection when tied; input lookups (the untied input embedding,
    /// learned positions) are not matmuls and are left out.
    /// </summary>
    public long MatmulParameterCount()
    {
        var total = parameters().Sum(p => p.numel());
        if (!Config.TiedEmbeddings)
        {
            total -= model.TokenEmbedding.weight!.numel();
        }

        if (model.PositionEmbedding is not null)
        {
            total -= model.PositionEmbedding.weight!.numel();
        }

        return total;
    }

    private void ValidateTokens(Tensor tokens, Tensor? positions, Tensor? attentionMask, KvCache? cache)
    {
        if (tokens.dim() != 2 || tokens.dtype != ScalarType.Int64)
        {
            throw new ArgumentException($"tokens must be a (batch, length) int64 tensor, got {tokens.dtype} [{string.Join(", ", tokens.shape)}]", nameof(tokens));
        }

        // With explicit positions (left padding) the cache also holds padding columns; the positions bound the length.
        var end = tokens.shape[1] + (cache?.Length ?? 0);
        if (positions is null && end > Config.ContextLength)
        {
            throw new ArgumentException($"a sequence of {end} tokens is longer than the context length {Config.ContextLength}", nameof(tokens));
        }

        if (cache is { Length: > 0 } && attentionMask is null && tokens.shape[1] != 1)
        {
            throw new ArgumentException("after a non-empty KV cache, several new tokens need an attention mask", nameof(attentionMask));
        }

        if (cache is not null && cache.BatchSize != tokens.shape[0])
        {
            throw new ArgumentException($"the KV cache holds {cache.BatchSize} rows but the tokens have {tokens.shape[0]}", nameof(cache));
        }
    }

    private void Initialise(ulong seed)
    {
        using var guard = no_grad();
        using var generator = new Generator(seed);
        var std = 0.02;
        var residualStd = std / Math.Sqrt(2.0 * Config.Layers);
        var residualWriters = model.Layers
            .SelectMany(l => new[] { l.Attention.OutputProjection.weight!, l.FeedForward.OutputProjection.weight! })
            .Select(p => p.Handle)
            .ToHashSet();
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.EndsWith(".bias", StringComparison.Ordinal))
            {
                nn.init.zeros_(parameter);
            }
            else if (name.Contains("norm", StringComparison.Ordinal))
            {
                nn.init.ones_(parameter);
            }
            else
            {
                // Tensor.normal_, not nn.init.normal_: TorchSharp 0.107's nn.init.normal_ ignores its generator. Drawn in
                // float32 on the CPU (the generator's device) and copied, so every device and dtype gets the same draws.
                using var draws = empty(parameter.shape, dtype: ScalarType.Float32);
                draws.normal_(0.0, residualWriters.Contains(parameter.Handle) ? residualStd : std, generator);
                parameter.copy_(draws);
            }
        }
    }
}
