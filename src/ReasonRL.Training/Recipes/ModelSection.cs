using ReasonRL.Model;

namespace ReasonRL.Training.Recipes;

/// <summary>
/// A fresh model: a named preset, optionally with some fields changed. The vocabulary size comes from the
/// tokenizer, never from here.
/// </summary>
public sealed record ModelSection : IValidatedSection
{
    /// <summary>Named size (<c>tiny</c> | <c>small</c> | <c>base</c>).</summary>
    public ModelPreset Preset { get; init; } = ModelPreset.Small;

    /// <summary>Longest prompt + completion in tokens.</summary>
    public int ContextLength { get; init; } = 256;

    public int? DModel { get; init; }

    public int? Layers { get; init; }

    public int? Heads { get; init; }

    public int? MlpHidden { get; init; }

    public NormKind? Norm { get; init; }

    public PositionKind? Positions { get; init; }

    public MlpKind? Mlp { get; init; }

    public bool? TiedEmbeddings { get; init; }

    /// <summary>The architecture this section describes, for a tokenizer with <paramref name="vocabSize"/> tokens.</summary>
    public TransformerConfig ToConfig(int vocabSize)
    {
        var preset = TransformerConfig.FromPreset(Preset, vocabSize, ContextLength);
        return preset with
        {
            DModel = DModel ?? preset.DModel,
            Layers = Layers ?? preset.Layers,
            Heads = Heads ?? preset.Heads,
            MlpHidden = MlpHidden ?? preset.MlpHidden,
            Norm = Norm ?? preset.Norm,
            Positions = Positions ?? preset.Positions,
            Mlp = Mlp ?? preset.Mlp,
            TiedEmbeddings = TiedEmbeddings ?? preset.TiedEmbeddings,
        };
    }

    public IEnumerable<SectionProblem> Validate() =>
        ToConfig(vocabSize: 1).Problems().Select(p => new SectionProblem(p.Field, p.Message));
}
