using static TorchSharp.torch;

namespace ReasonRL.Training.Llc;

/// <summary>
/// The empirical loss L_n an LLC is measured on, over n examples, and the weights w it is a function of: what the
/// SGLD sampler needs from a model. Implementations: a language model's next-token loss on completions
/// (<see cref="CompletionLoss"/>), and in tests the small models whose learning coefficients are known.
/// </summary>
public interface ISgldLoss
{
    /// <summary>The weights w, leaf tensors that require gradients; the sampler moves them in place and restores them.</summary>
    IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The number of examples minibatches are drawn from.</summary>
    int Count { get; }

    /// <summary>
    /// n: the number of loss terms L_n is the mean of (examples for a regression, target tokens for a language
    /// model), the n of the default nβ = n / log n.
    /// </summary>
    long Terms { get; }

    /// <summary>L_m(w): the mean loss over the examples at <paramref name="indices"/>, a differentiable scalar.</summary>
    Tensor Loss(IReadOnlyList<int> indices);

    /// <summary>L_n(w) at the current weights, over all n examples, weighted as <see cref="Loss"/> weights them.</summary>
    double FullLoss();
}
