using ReasonRL.Model;

namespace ReasonRL.Training.Benchmarks;

/// <summary>
/// The architectures of real small models, for benchmarking with random weights (no weights can be downloaded here):
/// the numbers are those of the models' published config.json files.
/// </summary>
public static class RealShapes
{
    public static IReadOnlyDictionary<string, TransformerConfig> All { get; } = new Dictionary<string, TransformerConfig>(StringComparer.Ordinal)
    {
        // HuggingFaceTB/SmolLM2-135M: 30 layers, d 576, 9 heads of 64, 3 key/value heads, ffn 1536, vocabulary 49152, tied.
        ["smollm2-135m"] = new()
        {
            Family = ModelFamily.Llama, DModel = 576, Layers = 30, Heads = 9, KvHeads = 3, MlpHidden = 1536, VocabSize = 49152,
            ContextLength = 8192, RopeTheta = 100000, NormEpsilon = 1e-5, TiedEmbeddings = true,
        },

        // Qwen/Qwen2.5-0.5B: 24 layers, d 896, 14 heads of 64, 2 key/value heads, ffn 4864, vocabulary 151936, q/k/v biases, tied.
        ["qwen2.5-0.5b"] = new()
        {
            Family = ModelFamily.Qwen2, DModel = 896, Layers = 24, Heads = 14, KvHeads = 2, MlpHidden = 4864, VocabSize = 151936,
            ContextLength = 32768, RopeTheta = 1000000, NormEpsilon = 1e-6, TiedEmbeddings = true, QkvBias = true,
        },

        // Qwen/Qwen3-0.6B: 28 layers, d 1024, 16 heads of 128 (head_dim ≠ d / heads), 8 key/value heads, ffn 3072, q/k norms, tied.
        ["qwen3-0.6b"] = new()
        {
            Family = ModelFamily.Qwen3, DModel = 1024, Layers = 28, Heads = 16, KvHeads = 8, HeadDimension = 128, MlpHidden = 3072,
            VocabSize = 151936, ContextLength = 40960, RopeTheta = 1000000, NormEpsilon = 1e-6, TiedEmbeddings = true, QkNorm = true,
        },
    };
}
