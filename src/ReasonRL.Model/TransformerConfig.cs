namespace ReasonRL.Model;

/// <summary>
/// The architecture of a decoder-only transformer. Stored in a checkpoint's <c>config.json</c> with Hugging Face
/// style names where one exists (<c>hidden_size</c>, <c>num_hidden_layers</c>, ...).
/// </summary>
public sealed record TransformerConfig
{
    public int DModel { get; init; } = 128;

    public int Layers { get; init; } = 4;

    public int Heads { get; init; } = 4;

    /// <summary>Hidden width of the feed-forward block; 0 means the usual default (4·d for GELU, 8/3·d rounded up to a multiple of 16 for SwiGLU).</summary>
    public int MlpHidden { get; init; }

    /// <summary>Longest sequence (prompt + completion) in tokens.</summary>
    public int ContextLength { get; init; } = 512;

    public int VocabSize { get; init; } = 128;

    public NormKind Norm { get; init; } = NormKind.Rmsnorm;

    public PositionKind Positions { get; init; } = PositionKind.Rope;

    public MlpKind Mlp { get; init; } = MlpKind.Swiglu;

    /// <summary>Share the input embedding with the output projection.</summary>
    public bool TiedEmbeddings { get; init; } = true;

    public double RopeTheta { get; init; } = 10000.0;

    public double NormEpsilon { get; init; } = 1e-5;

    public int HeadDim => DModel / Heads;

    public int EffectiveMlpHidden => MlpHidden > 0
        ? MlpHidden
        : Mlp == MlpKind.Gelu ? 4 * DModel : (((8 * DModel / 3) + 15) / 16) * 16;

    /// <summary>
    /// A named size with the given vocabulary and context length. Small and base use 64-wide heads: measured with
    /// <c>reasonrl bench</c>, the attention kernel trains 5–10% faster per step than with 32-wide heads, and sampling
    /// is no slower.
    /// </summary>
    public static TransformerConfig FromPreset(ModelPreset preset, int vocabSize, int contextLength) => preset switch
    {
        ModelPreset.Tiny => new() { DModel = 32, Layers = 2, Heads = 2, VocabSize = vocabSize, ContextLength = contextLength },
        ModelPreset.Small => new() { DModel = 128, Layers = 4, Heads = 2, VocabSize = vocabSize, ContextLength = contextLength },
        ModelPreset.Base => new() { DModel = 256, Layers = 6, Heads = 4, VocabSize = vocabSize, ContextLength = contextLength },
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, null),
    };

    /// <summary>Everything wrong with this configuration: the snake_case field concerned and a message (empty when valid).</summary>
    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (DModel <= 0) yield return ("d_model", $"must be positive, got {DModel}");
        if (Layers <= 0) yield return ("layers", $"must be positive, got {Layers}");
        if (Heads <= 0) yield return ("heads", $"must be positive, got {Heads}");
        else if (DModel % Heads != 0) yield return ("heads", $"d_model ({DModel}) must be divisible by heads ({Heads})");
        else if (Positions == PositionKind.Rope && HeadDim % 2 != 0) yield return ("heads", $"rope needs an even head dimension, got d_model / heads = {HeadDim}");
        if (ContextLength <= 0) yield return ("context_length", $"must be positive, got {ContextLength}");
        if (VocabSize <= 0) yield return ("vocab_size", $"must be positive, got {VocabSize}");
        if (MlpHidden < 0) yield return ("mlp_hidden", $"must not be negative, got {MlpHidden}");
    }
}
