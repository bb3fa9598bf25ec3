using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ReasonRL.Model.Transformer;

/// <summary>
/// A process reward model (PRM): the decoder-only transformer with a scalar head instead of the language-model head.
/// At every position it outputs the logit of "the solution is still on track after this token"; trainers read it
/// at the token that ends each reasoning step (Lightman et al., arXiv 2305.20050; Math-Shepherd, arXiv 2312.08935).
/// </summary>
/// <remarks>
/// Its weights are named like a Hugging Face token-classification model with one label
/// (<c>LlamaForTokenClassification</c>): the backbone under <c>model.</c> exactly as in a language-model checkpoint,
/// and the head as <c>score.weight</c> (1, d) and <c>score.bias</c> (1); see <see cref="NamedWeights"/>. The backbone's
/// own output projection (<c>lm_head</c>, when untied) is not used and not saved.
/// </remarks>
public sealed class ProcessRewardModel : nn.Module<Tensor, Tensor>
{
    /// <summary>The name prefix of the head's parameters.</summary>
    public const string HeadPrefix = "score.";

    private const string BackbonePrefix = "backbone.";

    private readonly TransformerModel backbone;
    private readonly Linear score;

    /// <summary>
    /// A PRM on <paramref name="backbone"/> (which it takes over: disposing the PRM disposes it) with a fresh head:
    /// weight ~ N(0, 0.02²), bias 0, so every step starts at probability ½.
    /// </summary>
    public ProcessRewardModel(TransformerModel backbone, ulong seed) : base(nameof(ProcessRewardModel))
    {
        this.backbone = backbone;
        score = nn.Linear(backbone.Config.DModel, 1, hasBias: true, device: backbone.Device, dtype: backbone.Dtype);
        RegisterComponents();
        using var guard = no_grad();
        using var generator = new Generator(seed);
        using var draws = empty(score.weight!.shape, dtype: ScalarType.Float32);
        draws.normal_(0.0, 0.02, generator);
        score.weight!.copy_(draws);
        score.bias!.zero_();
    }

    public TransformerConfig Config => backbone.Config;

    public Device Device => backbone.Device;

    public ScalarType Dtype => backbone.Dtype;

    /// <summary>tokens (B, T) int64 → step logits (B, T): the logit of being on track after each token.</summary>
    public override Tensor forward(Tensor tokens)
    {
        using var hidden = backbone.Hidden(tokens);   // (B, T, d)
        return score.forward(hidden).squeeze(-1);      // (B, T)
    }

    /// <summary>
    /// The parameters a checkpoint holds, under their file names: <c>model.*</c> for the backbone (as in a language-model
    /// checkpoint) and <c>score.weight</c>, <c>score.bias</c> for the head. The tensors are the live parameters.
    /// </summary>
    public Dictionary<string, Tensor> NamedWeights()
    {
        var weights = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in state_dict())
        {
            if (name.StartsWith(BackbonePrefix, StringComparison.Ordinal))
            {
                var fileName = name[BackbonePrefix.Length..];
                if (!fileName.StartsWith("lm_head.", StringComparison.Ordinal))
                {
                    weights[fileName] = tensor;
                }
            }
            else
            {
                weights[name] = tensor;
            }
        }

        return weights;
    }

    /// <summary>Trainable parameters: the backbone's (without its unused output projection) and the head's.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> TrainableParameters() =>
        named_parameters().Where(p => !p.name.StartsWith(BackbonePrefix + "lm_head.", StringComparison.Ordinal));
}
