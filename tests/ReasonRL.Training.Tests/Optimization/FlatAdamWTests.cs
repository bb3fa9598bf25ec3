using ReasonRL.Core;
using ReasonRL.Model;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Checkpoints;
using ReasonRL.Training.Optimization;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ReasonRL.Training.Tests.Optimization;

public sealed class FlatAdamWTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-adamw-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>
    /// lr 0.1, β 0.9/0.999, ε 1e-8, λ 0.5 on a 1×2 matrix (decayed) and a 2-vector (not decayed), two steps, worked by
    /// hand: step 1 of w₀ = 1 with g = 0.5 gives m = 0.05, v = 0.00025, θ = 1·(1 − 0.05) − 0.1/0.1 · 0.05/0.5 = 0.85.
    /// A zero gradient with zero moments leaves a parameter where it is.
    /// </summary>
    [Fact]
    public void Two_steps_match_the_hand_computed_table()
    {
        using var scope = NewDisposeScope();
        var weight = new Parameter(tensor(new float[] { 1f, -2f }).reshape(1, 2));
        var gain = new Parameter(tensor(new float[] { 0.5f, 3f }));
        using var optimizer = FlatAdamW.Create([("layer.weight", weight), ("norm.weight", gain)], learningRate: 0.1, beta1: 0.9, beta2: 0.999, weightDecay: 0.5);
        float[][] weightGrads = [[0.5f, -1f], [-0.5f, 0.25f]];
        float[][] gainGrads = [[2f, 0f], [1f, -1f]];
        float[][] expectedWeight = [[0.85f, -1.8f], [0.8127632f, -1.6630532f]];
        float[][] expectedGain = [[0.4f, 3f], [0.306782f, 3.0744137f]];
        for (var step = 0; step < 2; step++)
        {
            optimizer.ZeroGrad();
            using (no_grad())
            {
                weight.grad!.copy_(tensor(weightGrads[step]).reshape(1, 2));
                gain.grad!.copy_(tensor(gainGrads[step]));
            }

            optimizer.Step();
            AssertClose(expectedWeight[step], weight, 1e-6);
            AssertClose(expectedGain[step], gain, 1e-6);
        }

        Assert.Equal(2, optimizer.StepCount);
    }

    [Fact]
    public void Training_a_model_follows_torch_adamw_with_decay_on_matrices_only()
    {
        using var ours = TransformerModel.Create(Tiny(), seed: 3);
        using var reference = ours.Copy();
        using var optimizer = FlatAdamW.Create(ours.named_parameters(), learningRate: 0.01, beta1: 0.9, beta2: 0.95, weightDecay: 0.1);
        var decayed = reference.named_parameters().Where(p => p.parameter.dim() >= 2 && !p.name.Contains("embed", StringComparison.Ordinal)).Select(p => p.parameter).ToList();
        var plain = reference.named_parameters().Select(p => p.parameter).Except(decayed).ToList();
        using var torchAdamW = optim.AdamW(
            [
                new AdamW.ParamGroup(decayed, lr: 0.01, beta1: 0.9, beta2: 0.95, weight_decay: 0.1),
                new AdamW.ParamGroup(plain, lr: 0.01, beta1: 0.9, beta2: 0.95, weight_decay: 0.0),
            ],
            lr: 0.01, beta1: 0.9, beta2: 0.95);
        for (var step = 0; step < 5; step++)
        {
            using var scope = NewDisposeScope();
            var tokens = randint(3, ours.Config.VocabSize, [4, 17], dtype: ScalarType.Int64, generator: new Generator((ulong)step));
            optimizer.ZeroGrad();
            Loss(ours, tokens).backward();
            optimizer.Step();
            torchAdamW.zero_grad();
            Loss(reference, tokens).backward();
            torchAdamW.step();
        }

        var expected = reference.state_dict();
        foreach (var (name, value) in ours.state_dict())
        {
            Assert.True(value.allclose(expected[name], rtol: 1e-5, atol: 1e-6), $"{name} differs from torch's AdamW");
        }
    }

    [Fact]
    public void Creating_the_optimizer_leaves_the_model_unchanged_and_gradients_land_in_the_parameters()
    {
        using var scope = NewDisposeScope();
        using var model = TransformerModel.Create(Tiny(), seed: 4);
        using var twin = model.Copy();
        var tokens = randint(3, model.Config.VocabSize, [2, 9], dtype: ScalarType.Int64, generator: new Generator(1));
        var before = model.forward(tokens).detach().clone();

        using var optimizer = FlatAdamW.Create(model.named_parameters(), learningRate: 0.01);
        Assert.True(model.forward(tokens).detach().allclose(before, rtol: 0, atol: 0));
        Assert.Equal(model.parameters().Sum(p => p.numel()), optimizer.ParameterCount);

        Loss(model, tokens).backward();
        Loss(twin, tokens).backward();
        var twinGrads = twin.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        foreach (var (name, parameter) in model.named_parameters())
        {
            Assert.True(parameter.grad!.allclose(twinGrads[name], rtol: 1e-5, atol: 1e-7), $"{name}: gradient did not reach the buffer");
        }

        var torchNorm = nn.utils.clip_grad_norm_(twin.parameters(), 1e30);
        Assert.Equal(torchNorm, optimizer.ClipGradNorm(0), 4);
    }

    [Theory]
    [InlineData(0.0, 5.0)]  // 0 disables clipping
    [InlineData(10.0, 5.0)] // under the limit: unchanged
    [InlineData(1.0, 1.0)]  // over it: scaled to the limit
    public void Clipping_scales_the_global_norm_down_to_the_limit(double maxNorm, double normAfter)
    {
        using var scope = NewDisposeScope();
        var a = new Parameter(zeros(2, 2));
        var b = new Parameter(zeros(1));
        using var optimizer = FlatAdamW.Create([("a.weight", a), ("b.bias", b)], learningRate: 0.1);
        using (no_grad())
        {
            a.grad!.copy_(tensor(new float[] { 3f, 0f, 0f, 0f }).reshape(2, 2));
            b.grad!.fill_(4f); // global norm 5
        }

        Assert.Equal(5.0, optimizer.ClipGradNorm(maxNorm), 5);
        Assert.Equal(normAfter, optimizer.ClipGradNorm(0), 4);
    }

    [Fact]
    public void Saved_state_resumes_exactly()
    {
        using var uninterrupted = TransformerModel.Create(Tiny(), seed: 5);
        using var resumed = uninterrupted.Copy();
        using var first = FlatAdamW.Create(uninterrupted.named_parameters(), learningRate: 0.01, weightDecay: 0.1);
        Train(uninterrupted, first, 0, 3);
        var path = Path.Combine(_folder, "optimizer.safetensors");
        first.Save(path);
        StageCheckpoints.CopyWeights(uninterrupted, resumed);
        Train(uninterrupted, first, 3, 6);

        using var second = FlatAdamW.Create(resumed.named_parameters(), learningRate: 0.01, weightDecay: 0.1);
        second.Load(path);
        Assert.Equal(3, second.StepCount);
        Train(resumed, second, 3, 6);

        var expected = uninterrupted.state_dict();
        foreach (var (name, value) in resumed.state_dict())
        {
            Assert.True(value.allclose(expected[name], rtol: 0, atol: 0), $"{name} differs after resuming");
        }
    }

    [Fact]
    public void Optimizer_state_of_another_model_is_refused_naming_each_tensor()
    {
        using var small = TransformerModel.Create(Tiny(), seed: 6);
        using var other = TransformerModel.Create(Tiny() with { DModel = 48, Heads = 2 }, seed: 6);
        using var saved = FlatAdamW.Create(small.named_parameters(), learningRate: 0.01);
        var path = Path.Combine(_folder, "optimizer.safetensors");
        saved.Save(path);

        using var loading = FlatAdamW.Create(other.named_parameters(), learningRate: 0.01);
        var error = Assert.Throws<InputException>(() => loading.Load(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("tensor 'exp_avg.model.embed_tokens.weight' has shape", error.Message, StringComparison.Ordinal);
        Assert.Contains("exp_avg_sq.model.norm.weight", error.Message, StringComparison.Ordinal);
    }

    private static TransformerConfig Tiny() => TransformerConfig.FromPreset(ModelPreset.Tiny, vocabSize: 24, contextLength: 32);

    private static Tensor Loss(TransformerModel model, Tensor tokens)
    {
        var inputs = tokens.narrow(1, 0, tokens.shape[1] - 1);
        var targets = tokens.narrow(1, 1, tokens.shape[1] - 1).reshape(-1);
        return F.cross_entropy(model.forward(inputs).reshape(-1, model.Config.VocabSize), targets);
    }

    private static void Train(TransformerModel model, FlatAdamW optimizer, int from, int to)
    {
        for (var step = from; step < to; step++)
        {
            using var scope = NewDisposeScope();
            var tokens = randint(3, model.Config.VocabSize, [4, 17], dtype: ScalarType.Int64, generator: new Generator((ulong)(100 + step)));
            optimizer.ZeroGrad();
            Loss(model, tokens).backward();
            optimizer.ClipGradNorm(1.0);
            optimizer.Step();
        }
    }

    private static void AssertClose(float[] expected, Tensor actual, double tolerance)
    {
        var values = actual.detach().reshape(-1).data<float>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - values[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {values[i]}");
        }
    }
}
