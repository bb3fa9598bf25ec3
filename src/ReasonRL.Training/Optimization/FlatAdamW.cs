using System.Globalization;
using ReasonRL.Core;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Recipes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ReasonRL.Training.Optimization;

/// <summary>
/// AdamW (Loshchilov and Hutter, arXiv 1711.05101, Algorithm 2 in PyTorch's form) over one flat buffer: every
/// parameter, and every parameter's gradient, is a view into one contiguous tensor, so zeroing the gradients,
/// clipping their global norm and the whole update are a few kernels over all parameters at once instead of a dozen
/// per parameter (the reason PyTorch has a fused AdamW). Weight decay applies to matrices only: embeddings and norm
/// gains are left undecayed, as in GPT-2/nanoGPT practice, because shrinking them towards zero has no regularising
/// meaning. The decayed parameters come first in the buffer, so decay is one kernel over a prefix.
/// </summary>
/// <remarks>
/// With t the step, g the gradient, lr the learning rate and λ the weight decay:
/// m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ(1 − lr·λ) − lr/(1−β₁ᵗ) · m / (√v / √(1−β₂ᵗ) + ε).
/// Creating the optimizer moves the parameters' storage into the buffer (values unchanged); the model keeps working
/// as before, and a state dict, a checkpoint or a copy of it sees ordinary tensors. Gradients accumulate in place
/// into the buffer, so nothing may set a parameter's <c>grad</c> to a new tensor while the optimizer lives.
/// The parameter and gradient buffers take the parameters' device and dtype; the moments are float32 on that device
/// whatever the dtype (as mixed-precision optimizers keep them), so the state file is the same for both dtypes.
/// Every scalar handed to a kernel is disposed at once: TorchSharp's scalars are native objects that otherwise wait
/// for the garbage collector.
/// </remarks>
public sealed class FlatAdamW : IDisposable
{
    private const string StepKey = "step";
    private const string FirstMomentPrefix = "exp_avg.";
    private const string SecondMomentPrefix = "exp_avg_sq.";

    private readonly Tensor _parameters;    // (P): every parameter, decayed ones first
    private readonly Tensor _gradients;     // (P)
    private readonly Tensor _firstMoment;   // m (P)
    private readonly Tensor _secondMoment;  // v (P)
    private readonly long _decayedCount;
    private readonly IReadOnlyList<(string Name, long Offset, long[] Shape)> _layout;

    private FlatAdamW(IReadOnlyList<(string Name, Parameter Parameter, bool Decayed)> parameters, double learningRate, double beta1, double beta2, double epsilon, double weightDecay)
    {
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        var ordered = parameters.Where(p => p.Decayed).Concat(parameters.Where(p => !p.Decayed)).ToList();
        var total = ordered.Sum(p => p.Parameter.numel());
        _decayedCount = ordered.Where(p => p.Decayed).Sum(p => p.Parameter.numel());
        using var guard = no_grad();
        var (device, dtype) = (ordered[0].Parameter.device, ordered[0].Parameter.dtype);
        _parameters = empty(total, dtype: dtype, device: device).DetachFromDisposeScope();
        _gradients = zeros(total, dtype: dtype, device: device).DetachFromDisposeScope();
        _firstMoment = zeros(total, device: device).DetachFromDisposeScope();
        _secondMoment = zeros(total, device: device).DetachFromDisposeScope();
        var layout = new List<(string, long, long[])>();
        long offset = 0;
        foreach (var (name, parameter, _) in ordered)
        {
            var count = parameter.numel();
            using (var slot = _parameters.narrow(0, offset, count))
            using (var values = parameter.reshape(-1))
            {
                slot.copy_(values);
            }

            using (var view = _parameters.narrow(0, offset, count).view(parameter.shape))
            {
                parameter.set_(view);
            }

            using (var gradient = _gradients.narrow(0, offset, count).view(parameter.shape))
            {
                parameter.grad = gradient;
            }

            layout.Add((name, offset, parameter.shape));
            offset += count;
        }

        _layout = layout;
    }

    public double LearningRate { get; set; }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Epsilon { get; }

    public double WeightDecay { get; }

    /// <summary>Updates taken so far (t of the bias corrections).</summary>
    public long StepCount { get; private set; }

    /// <summary>Total number of parameters the optimizer updates.</summary>
    public long ParameterCount => _parameters.shape[0];

    /// <summary>Every parameter, flat, in <see cref="Layout"/>'s order (the master weights of <see cref="TrainingCopy"/>).</summary>
    internal Tensor ParameterBuffer => _parameters;

    /// <summary>Every parameter's gradient, flat, in <see cref="Layout"/>'s order.</summary>
    internal Tensor GradientBuffer => _gradients;

    /// <summary>Where each named parameter lies in the flat buffers.</summary>
    internal IReadOnlyList<(string Name, long Offset, long[] Shape)> Layout => _layout;

    /// <summary>AdamW over a model's parameters with a recipe's settings.</summary>
    public static FlatAdamW Create(TransformerModel model, OptimizerSection settings) => Create(model.named_parameters(), settings);

    /// <summary>AdamW over the given parameters (e.g. a process reward model's backbone and head), named as in a state dict.</summary>
    public static FlatAdamW Create(IEnumerable<(string Name, Parameter Parameter)> namedParameters, OptimizerSection settings) =>
        Create(namedParameters, settings.LearningRate, settings.Beta1, settings.Beta2, settings.WeightDecay);

    /// <summary>AdamW over the given parameters; <paramref name="weightDecay"/> applies to the matrices (see the class summary).</summary>
    public static FlatAdamW Create(
        IEnumerable<(string Name, Parameter Parameter)> namedParameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999,
        double weightDecay = 0.0, double epsilon = 1e-8)
    {
        var parameters = namedParameters
            .Select(p => (p.Name, p.Parameter, Decayed: p.Parameter.dim() >= 2 && !p.Name.Contains("embed", StringComparison.Ordinal)))
            .ToList();
        if (parameters.Count == 0)
        {
            throw new ArgumentException("there are no parameters to optimise", nameof(namedParameters));
        }

        var duplicates = parameters.GroupBy(p => p.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new ArgumentException($"parameter names must be unique: {string.Join(", ", duplicates)}", nameof(namedParameters));
        }

        return new FlatAdamW(parameters, learningRate, beta1, beta2, epsilon, weightDecay);
    }

    /// <summary>Sets every gradient to zero (one kernel).</summary>
    public void ZeroGrad() => _gradients.zero_();

    /// <summary>
    /// The global L2 norm of the gradients, before clipping; when <paramref name="maxNorm"/> is positive and the norm
    /// exceeds it, the gradients are scaled by maxNorm / (norm + 10⁻⁶), as <c>torch.nn.utils.clip_grad_norm_</c> does.
    /// </summary>
    public double ClipGradNorm(double maxNorm)
    {
        using var guard = no_grad();
        using var norm = _gradients.norm();
        using var wideNorm = norm.to_type(ScalarType.Float32);
        var value = wideNorm.item<float>();
        var coefficient = maxNorm / (value + 1e-6);
        if (maxNorm > 0 && coefficient < 1.0)
        {
            using var scale = coefficient.ToScalar();
            _gradients.mul_(scale);
        }

        return value;
    }

    /// <summary>One AdamW update with the current gradients and <see cref="LearningRate"/>.</summary>
    public void Step()
    {
        using var guard = no_grad();
        StepCount++;
        var biasCorrection1 = 1 - Math.Pow(Beta1, StepCount);
        var biasCorrection2 = 1 - Math.Pow(Beta2, StepCount);
        using var beta1 = Beta1.ToScalar();
        using var oneMinusBeta1 = (1 - Beta1).ToScalar();
        using var beta2 = Beta2.ToScalar();
        using var oneMinusBeta2 = (1 - Beta2).ToScalar();
        using var inverseSqrtCorrection2 = (1 / Math.Sqrt(biasCorrection2)).ToScalar();
        using var epsilon = Epsilon.ToScalar();
        using var negativeStepSize = (-LearningRate / biasCorrection1).ToScalar();

        _firstMoment.mul_(beta1).add_(_gradients, oneMinusBeta1);
        _secondMoment.mul_(beta2).addcmul_(_gradients, _gradients, oneMinusBeta2);
        using var denominator = _secondMoment.sqrt();
        denominator.mul_(inverseSqrtCorrection2).add_(epsilon);
        if (WeightDecay > 0 && _decayedCount > 0)
        {
            using var decay = (1 - (LearningRate * WeightDecay)).ToScalar();
            using var decayed = _parameters.narrow(0, 0, _decayedCount);
            decayed.mul_(decay);
        }

        _parameters.addcdiv_(_firstMoment, denominator, negativeStepSize);
    }

    /// <summary>Writes the moments (under <c>exp_avg.NAME</c> and <c>exp_avg_sq.NAME</c>) and the step count to a safetensors file.</summary>
    public void Save(string path)
    {
        using var scope = NewDisposeScope();
        SafeTensors.Save(path, MomentViews(), new Dictionary<string, string> { [StepKey] = StepCount.ToString(CultureInfo.InvariantCulture) });
    }

    /// <summary>Restores what <see cref="Save"/> wrote; every missing, unexpected or misshapen tensor is reported at once.</summary>
    public void Load(string path)
    {
        var (_, metadata) = SafeTensors.ReadHeader(path);
        if (!metadata.TryGetValue(StepKey, out var stepText) || !long.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out var step))
        {
            throw new InputException($"{path}: the optimizer state has no valid '{StepKey}' in its metadata");
        }

        using var scope = NewDisposeScope();
        Checkpoint.LoadTensorsInto(MomentViews(), path, ScalarType.Float32, "the optimizer's parameters");
        StepCount = step;
    }

    public void Dispose()
    {
        _parameters.Dispose();
        _gradients.Dispose();
        _firstMoment.Dispose();
        _secondMoment.Dispose();
    }

    private Dictionary<string, Tensor> MomentViews()
    {
        var views = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, offset, shape) in _layout)
        {
            var count = shape.Aggregate(1L, (a, b) => a * b);
            views[FirstMomentPrefix + name] = _firstMoment.narrow(0, offset, count).view(shape);
            views[SecondMomentPrefix + name] = _secondMoment.narrow(0, offset, count).view(shape);
        }

        return views;
    }
}
