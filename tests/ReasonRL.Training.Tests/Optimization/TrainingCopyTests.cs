using ReasonRL.Model;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Optimization;
using ReasonRL.Training.Recipes;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ReasonRL.Training.Tests.Optimization;

public sealed class TrainingCopyTests
{
    private const int Vocab = 32;
    private const int Context = 32;

    private static TransformerModel Model() => TransformerModel.Create(TransformerConfig.FromPreset(ModelPreset.Tiny, Vocab, Context), seed: 3);

    private static (Tensor Inputs, Tensor Targets) Batch()
    {
        using var generator = new Generator(4);
        var batch = randint(0, Vocab, [4, Context + 1], dtype: ScalarType.Int64, generator: generator);
        return (batch.narrow(1, 0, Context), batch.narrow(1, 1, Context).reshape(-1));
    }

    private static Tensor Loss(TransformerModel model, Tensor inputs, Tensor targets) =>
        F.cross_entropy(model.forward(inputs).to_type(ScalarType.Float32).view(-1, Vocab), targets);

    /// <summary>Every gradient of the masters, flat, in the optimizer's order (a copy).</summary>
    private static Tensor Gradients(FlatAdamW optimizer) => optimizer.GradientBuffer.clone();

    [Fact]
    public void Without_a_dtype_change_the_master_itself_trains()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        using var optimizer = FlatAdamW.Create(model, new OptimizerSection { LearningRate = 1e-3 });
        using var training = TrainingCopy.Of(model, optimizer, ComputeDtype.Float32);

        Assert.False(training.IsCopy);
        Assert.Same(model, training.Model);
    }

    /// <summary>
    /// One step on the same weights and batch, float32 against mixed precision. Tolerances, from bfloat16's 8-bit
    /// significand (relative rounding ≤ 2⁻⁹ per weight and activation, accumulated over two layers): loss within 0.02
    /// of ~3.5; the whole gradient's direction within cosine 0.99 and its norm within 5 %; every master weight after the
    /// update within 10⁻⁶ of float32's step (AdamW's first step moves each weight by ~lr·sign(g), so only a sign that
    /// rounding flips, on a gradient component near zero, could differ: allowed for at most 5 % of the weights).
    /// </summary>
    [Fact]
    public void A_mixed_precision_step_computes_the_loss_and_gradients_of_float32_up_to_bfloat16_rounding()
    {
        using var scope = NewDisposeScope();
        var (inputs, targets) = Batch();
        using var model = Model();
        using var twin = model.Copy();
        var settings = new OptimizerSection { LearningRate = 1e-3, GradClip = 0 };
        using var optimizer = FlatAdamW.Create(model, settings);
        using var twinOptimizer = FlatAdamW.Create(twin, settings);
        using var float32 = TrainingCopy.Of(model, optimizer, ComputeDtype.Float32);
        using var mixed = TrainingCopy.Of(twin, twinOptimizer, ComputeDtype.Bfloat16);
        Assert.True(mixed.IsCopy);
        Assert.Equal(ScalarType.BFloat16, mixed.Model.Dtype);
        Assert.Equal(ScalarType.Float32, twinOptimizer.ParameterBuffer.dtype);

        var loss = Loss(float32.Model, inputs, targets);
        var mixedLoss = Loss(mixed.Model, inputs, targets);
        var norm = float32.Step(loss, settings.GradClip);
        var mixedNorm = mixed.Step(mixedLoss, settings.GradClip);

        Assert.InRange(Math.Abs(loss.item<float>() - mixedLoss.item<float>()), 0, 0.02);
        var (gradients, mixedGradients) = (Gradients(optimizer), Gradients(twinOptimizer));
        Assert.Equal(ScalarType.Float32, mixedGradients.dtype);
        var cosine = F.cosine_similarity(gradients.unsqueeze(0), mixedGradients.unsqueeze(0)).item<float>();
        Assert.True(cosine > 0.99, $"cosine {cosine}");
        Assert.InRange(mixedNorm / norm, 0.95, 1.05);
        // Every parameter received a gradient (a copy parameter that was not a view of the flat gradient buffer would leave zeros).
        foreach (var (_, parameter) in twin.named_parameters())
        {
            Assert.True(parameter.grad!.abs().max().item<float>() > 0);
        }

        var far = (optimizer.ParameterBuffer - twinOptimizer.ParameterBuffer).abs().gt(1e-6).to_type(ScalarType.Float32).mean().item<float>();
        Assert.InRange(far, 0, 0.05);
    }

    [Fact]
    public void After_a_step_the_copy_holds_the_updated_masters_rounded_to_bfloat16()
    {
        using var scope = NewDisposeScope();
        var (inputs, targets) = Batch();
        using var model = Model();
        using var optimizer = FlatAdamW.Create(model, new OptimizerSection { LearningRate = 1e-2 });
        using var mixed = TrainingCopy.Of(model, optimizer, ComputeDtype.Bfloat16);
        var before = mixed.Model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        mixed.Step(Loss(mixed.Model, inputs, targets), gradClip: 1.0);

        var masters = model.state_dict();
        foreach (var (name, weight) in mixed.Model.named_parameters())
        {
            Assert.True(weight.eq(masters[name].to_type(ScalarType.BFloat16)).all().item<bool>(), $"{name} is not the master rounded");
            Assert.False(weight.eq(before[name]).all().item<bool>(), $"{name} did not move");
        }
    }

    [Fact]
    public void Mixed_precision_steps_are_deterministic()
    {
        static float[] Losses()
        {
            using var scope = NewDisposeScope();
            var (inputs, targets) = Batch();
            using var model = Model();
            using var optimizer = FlatAdamW.Create(model, new OptimizerSection { LearningRate = 1e-2 });
            using var mixed = TrainingCopy.Of(model, optimizer, ComputeDtype.Bfloat16);
            return [.. Enumerable.Range(0, 3).Select(_ =>
            {
                var loss = Loss(mixed.Model, inputs, targets);
                mixed.Step(loss, gradClip: 1.0);
                return loss.item<float>();
            })];
        }

        var first = Losses();
        Assert.Equal(first, Losses());
        Assert.True(first[2] < first[0]);
    }

    [Fact]
    public void Bfloat16_training_is_refused_without_native_bfloat16_and_names_the_key()
    {
        var problem = TrainingPrecision.Problem(ComputeDtype.Bfloat16, nativeBfloat16: false);

        Assert.NotNull(problem);
        Assert.Equal("training_dtype", problem.Key);
        Assert.Contains("native bfloat16", problem.Message, StringComparison.Ordinal);
        Assert.Null(TrainingPrecision.Problem(ComputeDtype.Bfloat16, nativeBfloat16: true));
        Assert.Null(TrainingPrecision.Problem(ComputeDtype.Float32, nativeBfloat16: false));
    }
}
