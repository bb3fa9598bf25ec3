using static TorchSharp.torch;

namespace ReasonRL.Model.Transformer;

/// <summary>One pre-norm transformer block: x + attn(norm(x)), then x + mlp(norm(x)).</summary>
public sealed class DecoderLayer : nn.Module
{
    private readonly nn.Module<Tensor, Tensor> input_layernorm;
    private readonly SelfAttention self_attn;
    private readonly nn.Module<Tensor, Tensor> post_attention_layernorm;
    private readonly nn.Module<Tensor, Tensor> mlp;

    internal DecoderLayer(TransformerConfig config, int layer, Placement placement) : base(nameof(DecoderLayer))
    {
        input_layernorm = Normalization.Create(config, placement);
        self_attn = new SelfAttention(config, layer, placement);
        post_attention_layernorm = Normalization.Create(config, placement);
        mlp = config.Mlp == MlpKind.Swiglu ? new SwigluMlp(config, placement) : new GeluMlp(config, placement);
        RegisterComponents();
    }

    internal SelfAttention Attention => self_attn;

    internal IFeedForward FeedForward => (IFeedForward)mlp;

    /// <summary>(B, T, d) → (B, T, d).</summary>
    internal Tensor forward(Tensor x, LayerInputs inputs)
    {
        using var attentionInput = input_layernorm.forward(x);
        using var attended = self_attn.forward(attentionInput, inputs);
        using var afterAttention = x.add(attended, HeldScalars.One); // not x + attended: see HeldScalars
        using var mlpInput = post_attention_layernorm.forward(afterAttention);
        using var fed = mlp.forward(mlpInput);
        return afterAttention.add(fed, HeldScalars.One);
    }
}
