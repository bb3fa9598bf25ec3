using ReasonRL.Model.Transformer;
using ReasonRL.Training.Recipes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ReasonRL.Training.Optimization;

/// <summary>
/// AdamW (Loshchilov and Hutter, arXiv 1711.05101) with weight decay on matrices only: embeddings and norm gains are
/// left undecayed, as in GPT-2/nanoGPT practice, because shrinking them towards zero has no regularising meaning.
/// </summary>
public static class AdamWFactory
{
    public static AdamW Create(TransformerModel model, OptimizerSection settings) => Create(model.named_parameters(), settings);

    /// <summary>AdamW over the given parameters (e.g. a process reward model's backbone and head), named as in a state dict.</summary>
    public static AdamW Create(IEnumerable<(string Name, Parameter Parameter)> namedParameters, OptimizerSection settings)
    {
        var decayed = new List<Parameter>();
        var plain = new List<Parameter>();
        foreach (var (name, parameter) in namedParameters)
        {
            (parameter.dim() >= 2 && !name.Contains("embed", StringComparison.Ordinal) ? decayed : plain).Add(parameter);
        }

        return optim.AdamW(
            [
                new AdamW.ParamGroup(decayed, lr: settings.LearningRate, beta1: settings.Beta1, beta2: settings.Beta2, weight_decay: settings.WeightDecay),
                new AdamW.ParamGroup(plain, lr: settings.LearningRate, beta1: settings.Beta1, beta2: settings.Beta2, weight_decay: 0.0),
            ],
            lr: settings.LearningRate, beta1: settings.Beta1, beta2: settings.Beta2);
    }

    public static void SetLearningRate(AdamW optimizer, double learningRate)
    {
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }
    }
}
