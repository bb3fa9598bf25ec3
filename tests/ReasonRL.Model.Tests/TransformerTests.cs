using TorchSharp;
using ReasonRL.Model.Transformer;
using static TorchSharp.torch;

namespace ReasonRL.Model.Tests;

/// <summary>The transformer against its own invariants: causality, names, seeded initialisation, the RMSNorm gradient.</summary>
public class TransformerTests
{
    public static TheoryData<NormKind, PositionKind, MlpKind> Architectures => new()
    {
        { NormKind.Rmsnorm, PositionKind.Rope, MlpKind.Swiglu },
        { NormKind.Layernorm, PositionKind.Learned, MlpKind.Gelu },
        { NormKind.Rmsnorm, PositionKind.Learned, MlpKind.Gelu },
        { NormKind.Layernorm, PositionKind.Rope, MlpKind.Swiglu },
    };

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Changing_token_t_plus_1_leaves_the_logits_up_to_t_unchanged(NormKind norm, PositionKind positions, MlpKind mlp)
    {
        using var scope = NewDisposeScope();
        using var model = TestModels.Create(TestModels.Tiny() with { Norm = norm, Positions = positions, Mlp = mlp });
        var tokens = randint(3, TestModels.Tokenizer.VocabSize, [2, 12], dtype: ScalarType.Int64, generator: new Generator(3));
        var changed = tokens.clone();
        changed[.., 6] = (changed[.., 6] + 1 - 3) % (TestModels.Tokenizer.VocabSize - 3) + 3;

        using var guard = no_grad();
        var before = model.forward(tokens);
        var after = model.forward(changed);

        Assert.True(TestModels.Identical(before.narrow(1, 0, 6), after.narrow(1, 0, 6)), "logits before the changed token moved");
        Assert.False(before.narrow(1, 6, 6).allclose(after.narrow(1, 6, 6)), "logits from the changed token on should move");
    }

    [Fact]
    public void The_llama_style_model_uses_the_hugging_face_llama_parameter_names()
    {
        using var model = TestModels.Create(TestModels.Tiny() with { TiedEmbeddings = false });
        var names = model.named_parameters().Select(p => p.name).ToHashSet();

        string[] perLayer =
        [
            "self_attn.q_proj.weight", "self_attn.k_proj.weight", "self_attn.v_proj.weight", "self_attn.o_proj.weight",
            "mlp.gate_proj.weight", "mlp.up_proj.weight", "mlp.down_proj.weight",
            "input_layernorm.weight", "post_attention_layernorm.weight",
        ];
        var expected = new[] { "model.embed_tokens.weight", "model.norm.weight", "lm_head.weight" }
            .Concat(Enumerable.Range(0, 2).SelectMany(i => perLayer.Select(p => $"model.layers.{i}.{p}")))
            .ToHashSet();
        Assert.Equal(expected.Order(), names.Order());
    }

    [Fact]
    public void A_tied_model_has_no_lm_head_and_a_gpt_style_model_adds_positions_and_biases()
    {
        using var tied = TestModels.Create();
        using var gpt = TestModels.Create(TestModels.Tiny() with { Norm = NormKind.Layernorm, Positions = PositionKind.Learned, Mlp = MlpKind.Gelu });
        var gptNames = gpt.named_parameters().Select(p => p.name).ToList();

        Assert.DoesNotContain(tied.named_parameters(), p => p.name == "lm_head.weight");
        Assert.Contains("model.embed_positions.weight", gptNames);
        Assert.Contains("model.layers.1.post_attention_layernorm.bias", gptNames);
        Assert.Contains("model.layers.0.mlp.up_proj.weight", gptNames);
        Assert.DoesNotContain("model.layers.0.mlp.gate_proj.weight", gptNames);
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights_and_another_seed_different_ones()
    {
        using var a = TestModels.Create(seed: 11);
        using var b = TestModels.Create(seed: 11);
        using var c = TestModels.Create(seed: 12);
        var pa = a.parameters().ToList();
        var pb = b.parameters().ToList();
        var pc = c.parameters().ToList();

        Assert.All(pa.Zip(pb), pair => Assert.True(TestModels.Identical(pair.First, pair.Second)));
        Assert.False(TestModels.Identical(pa[0], pc[0]));
    }

    [Fact]
    public void A_copy_has_the_same_weights_and_training_it_leaves_the_original_alone()
    {
        using var original = TestModels.Create();
        using var copy = original.Copy();
        Assert.All(original.state_dict(), p => Assert.True(TestModels.Identical(p.Value, copy.state_dict()[p.Key])));

        using (no_grad())
        {
            copy.parameters().First().add_(1f);
        }

        Assert.False(TestModels.Identical(original.parameters().First(), copy.parameters().First()));
    }

    [Fact]
    public void Rmsnorm_follows_its_definition_and_its_gradient_matches_finite_differences()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(5);
        var x = randn([3, 4, 8], dtype: ScalarType.Float64, generator: generator).requires_grad_(true);
        var upstream = randn([3, 4, 8], dtype: ScalarType.Float64, generator: generator);
        using var norm = new RmsNorm(8, 1e-5);
        norm.to(ScalarType.Float64);
        using (no_grad())
        {
            norm.parameters().Single().copy_(randn([8], dtype: ScalarType.Float64, generator: generator));
        }

        var weight = norm.parameters().Single();
        var output = norm.forward(x);
        var xs = x.detach().data<double>().ToArray();
        var ws = weight.detach().data<double>().ToArray();
        var ys = output.detach().data<double>().ToArray();
        for (var row = 0; row < 12; row++)
        {
            var meanSquare = Enumerable.Range(0, 8).Average(i => xs[(row * 8) + i] * xs[(row * 8) + i]);
            for (var i = 0; i < 8; i++)
            {
                Assert.Equal(xs[(row * 8) + i] / Math.Sqrt(meanSquare + 1e-5) * ws[i], ys[(row * 8) + i], 12);
            }
        }

        output.backward([upstream]);
        var gradX = x.grad!.data<double>().ToArray();
        var gradW = weight.grad!.data<double>().ToArray();
        double Loss() => (norm.forward(x) * upstream).sum().item<double>();
        using (no_grad())
        {
            foreach (var (tensor, analytic) in new[] { (x, gradX), (weight, gradW) })
            {
                var flat = tensor.view(-1);
                for (var i = 0; i < flat.shape[0]; i += 5)
                {
                    var original = flat[i].item<double>();
                    flat[i] = original + 1e-6;
                    var plus = Loss();
                    flat[i] = original - 1e-6;
                    var minus = Loss();
                    flat[i] = original;
                    Assert.Equal((plus - minus) / 2e-6, analytic[i], 6);
                }
            }
        }
    }

    [Fact]
    public void A_sequence_longer_than_the_context_is_refused_before_any_compute()
    {
        using var model = TestModels.Create(TestModels.Tiny(contextLength: 8));
        using var tokens = zeros([1, 9], dtype: ScalarType.Int64);

        var error = Assert.Throws<ArgumentException>(() => model.forward(tokens));
        Assert.Contains("context length 8", error.Message, StringComparison.Ordinal);
    }
}
