using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ReasonRL.Model.Transformer;

/// <summary>A feed-forward block (<see cref="SwigluMlp"/> or <see cref="GeluMlp"/>): (B, T, d) → (B, T, d).</summary>
public interface IFeedForward : nn.IModule<Tensor, Tensor>
{
    /// <summary>The projection that writes into the residual stream, for initialisation.</summary>
    Linear OutputProjection { get; }
}
