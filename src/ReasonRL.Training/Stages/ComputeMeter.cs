using ReasonRL.Model.Transformer;

namespace ReasonRL.Training.Stages;

/// <summary>
/// The compute a stage used, for comparing arms: tokens processed (every token position run through a model, counted
/// once per pass: sampling, scoring, training) and estimated FLOPs with the usual approximation of 2·N per token for a
/// forward pass and 6·N for a forward and backward pass, N the model's matmul parameters (Kaplan et al., "Scaling Laws
/// for Neural Language Models", arXiv 2001.08361, §2.1; attention's own FLOPs left out). Stage summaries carry the
/// totals as <c>compute/tokens</c> and <c>compute/flops</c>, and the recipe runner adds <c>compute/wall_seconds</c>.
/// </summary>
public sealed class ComputeMeter
{
    public const string Tokens = "compute/tokens";
    public const string Flops = "compute/flops";
    public const string WallSeconds = "compute/wall_seconds";

    public long TokenCount { get; private set; }

    public double FlopCount { get; private set; }

    /// <summary>Starts from totals saved earlier (a resumed stage).</summary>
    public void Restore(IReadOnlyDictionary<string, double> values)
    {
        TokenCount = (long)values.GetValueOrDefault(Tokens);
        FlopCount = values.GetValueOrDefault(Flops);
    }

    /// <summary>Tokens run through <paramref name="model"/> without grad (sampling, scoring).</summary>
    public void Forward(TransformerModel model, long tokens) => Add(model, tokens, 2.0);

    /// <summary>Tokens <paramref name="model"/> is trained on (forward and backward).</summary>
    public void Train(TransformerModel model, long tokens) => Add(model, tokens, 6.0);

    /// <summary>The totals, under their summary names.</summary>
    public Dictionary<string, double> Totals() => new() { [Tokens] = TokenCount, [Flops] = FlopCount };

    public void AddTo(IDictionary<string, double> summary)
    {
        foreach (var (name, value) in Totals())
        {
            summary[name] = value;
        }
    }

    private void Add(TransformerModel model, long tokens, double flopsPerParameter)
    {
        TokenCount += tokens;
        FlopCount += flopsPerParameter * model.MatmulParameterCount() * tokens;
    }
}
