using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;
using static TorchSharp.torch;

namespace ReasonRL.Model.Tests;

/// <summary>Small models and tokenizers the tests share.</summary>
internal static class TestModels
{
    public const string Alphabet = "abcdefghij 0123456789+-=<>/";

    public static TextTokenizer Tokenizer { get; } = TextTokenizer.CharacterLevel([Alphabet]);

    public static TransformerConfig Tiny(int contextLength = 64) =>
        TransformerConfig.FromPreset(ModelPreset.Tiny, Tokenizer.VocabSize, contextLength);

    public static TransformerModel Create(TransformerConfig? config = null, ulong seed = 7) =>
        TransformerModel.Create(config ?? Tiny(), seed);

    public static int[] Prompt(string text) => [Tokenizer.BosId, .. Tokenizer.Encode(text)];

    /// <summary>
    /// A model whose next-token distribution is softmax(<paramref name="logits"/>) at every position, whatever the
    /// context: LayerNorm's final norm has weight 0 and bias e₀, so every hidden state is e₀, and the untied output
    /// projection's first column holds the logits.
    /// </summary>
    public static TransformerModel Constant(float[] logits)
    {
        var config = Tiny() with { Norm = NormKind.Layernorm, TiedEmbeddings = false };
        var model = TransformerModel.Create(config, seed: 1);
        using var guard = no_grad();
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        parameters["model.norm.weight"].zero_();
        parameters["model.norm.bias"].zero_();
        parameters["model.norm.bias"][0] = 1f;
        parameters["lm_head.weight"].zero_();
        parameters["lm_head.weight"].select(1, 0).copy_(tensor(logits));
        return model;
    }

    /// <summary>Logits that are −30 everywhere except the given (token, logit) pairs.</summary>
    public static float[] Logits(params (int Token, float Logit)[] entries)
    {
        var logits = Enumerable.Repeat(-30f, Tokenizer.VocabSize).ToArray();
        foreach (var (token, logit) in entries)
        {
            logits[token] = logit;
        }

        return logits;
    }

    /// <summary>Same shape and bit-identical values.</summary>
    public static bool Identical(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    public static int Id(char c) => Tokenizer.Encode(c.ToString())[0];
}
