using ReasonRL.Model;
using ReasonRL.Model.Transformer;
using static TorchSharp.torch;

namespace ReasonRL.Training.Optimization;

/// <summary>
/// The model a trainer runs forward and backward: a bfloat16 copy of float32 master weights (mixed-precision training,
/// Micikevicius et al. 2018, arXiv 1710.03740, with bfloat16 in place of float16, so no loss scaling), or the master
/// itself when the dtypes agree. Clipping and AdamW stay in float32 on the masters (<see cref="FlatAdamW"/>, moments in
/// float32); the losses and log-softmax are computed in float32 from the copy's logits (<see cref="ModelCompute"/>).
/// </summary>
/// <remarks>
/// The copy's parameters are views into one flat bfloat16 buffer laid out as the optimizer's float32 buffer
/// (<see cref="FlatAdamW.Layout"/>), and their gradients views into a second one, so rounding the masters into the copy
/// after an update is one kernel, and so is widening the gradients into the optimizer's buffer after a backward pass.
/// The copy is rounded from the masters when it is made and after every <see cref="Step"/>: make it after a resume
/// has loaded the masters, and call <see cref="Refresh"/> after anything else writes them.
/// </remarks>
public sealed class TrainingCopy : IDisposable
{
    private readonly FlatAdamW _optimizer;
    private readonly TransformerModel? _copy;
    private readonly Tensor? _parameters;  // (P) the copy's weights, in the optimizer's layout
    private readonly Tensor? _gradients;   // (P) the copy's gradients

    private TrainingCopy(TransformerModel master, FlatAdamW optimizer, TransformerModel? copy, Tensor? parameters, Tensor? gradients)
    {
        Master = master;
        _optimizer = optimizer;
        _copy = copy;
        _parameters = parameters;
        _gradients = gradients;
    }

    /// <summary>The model the optimizer updates, in its own dtype.</summary>
    public TransformerModel Master { get; }

    /// <summary>The model forward and backward passes run: the copy, or the master when no copy is needed.</summary>
    public TransformerModel Model => _copy ?? Master;

    /// <summary>Whether training computes on a copy in another dtype.</summary>
    public bool IsCopy => _copy is not null;

    /// <summary>
    /// The model <paramref name="master"/>'s training passes run in <paramref name="dtype"/>: a copy whose parameters
    /// are views of one flat buffer, rounded from the masters; none when the master already computes in that dtype.
    /// <paramref name="optimizer"/> must have been made over <paramref name="master"/>'s parameters.
    /// </summary>
    public static TrainingCopy Of(TransformerModel master, FlatAdamW optimizer, ComputeDtype dtype)
    {
        if (master.Compute.Dtype == dtype)
        {
            return new TrainingCopy(master, optimizer, null, null, null);
        }

        var copy = TransformerModel.Uninitialised(master.Config, master.Compute with { Dtype = dtype });
        var scalarType = copy.Dtype;
        var parameters = empty(optimizer.ParameterCount, dtype: scalarType, device: master.Device).DetachFromDisposeScope();
        var gradients = zeros(optimizer.ParameterCount, dtype: scalarType, device: master.Device).DetachFromDisposeScope();
        var slots = optimizer.Layout.ToDictionary(l => l.Name, StringComparer.Ordinal);
        using (no_grad())
        {
            foreach (var (name, parameter) in copy.named_parameters())
            {
                if (!slots.Remove(name, out var slot) || !slot.Shape.SequenceEqual(parameter.shape))
                {
                    throw new ArgumentException($"the optimizer has no parameter '{name}' of shape [{string.Join(", ", parameter.shape)}]", nameof(optimizer));
                }

                var count = parameter.numel();
                using (var view = parameters.narrow(0, slot.Offset, count).view(parameter.shape))
                {
                    parameter.set_(view);
                }

                using var gradient = gradients.narrow(0, slot.Offset, count).view(parameter.shape);
                parameter.grad = gradient;
            }
        }

        if (slots.Count > 0)
        {
            throw new ArgumentException($"the optimizer updates parameters the model lacks: {string.Join(", ", slots.Keys)}", nameof(optimizer));
        }

        var created = new TrainingCopy(master, optimizer, copy, parameters, gradients);
        created.Refresh();
        return created;
    }

    /// <summary>Rounds the masters' current weights into the copy, one kernel (a no-op without a copy).</summary>
    public void Refresh()
    {
        if (_parameters is null)
        {
            return;
        }

        using var guard = no_grad();
        _parameters.copy_(_optimizer.ParameterBuffer);
    }

    /// <summary>
    /// One optimizer step on a loss computed by <see cref="Model"/>: zeroes the gradients, backpropagates, widens the
    /// copy's gradients into the optimizer's float32 buffer (one kernel), clips their global norm to
    /// <paramref name="gradClip"/> (0: no clipping), takes the AdamW step on the masters and rounds them into the copy.
    /// Returns the gradient norm before clipping.
    /// </summary>
    public double Step(Tensor loss, double gradClip)
    {
        if (_gradients is null)
        {
            _optimizer.ZeroGrad();
            loss.backward();
        }
        else
        {
            _gradients.zero_();
            loss.backward();
            using var guard = no_grad();
            _optimizer.GradientBuffer.copy_(_gradients);
        }

        var gradNorm = _optimizer.ClipGradNorm(gradClip);
        _optimizer.Step();
        Refresh();
        return gradNorm;
    }

    public void Dispose()
    {
        _copy?.Dispose();
        _parameters?.Dispose();
        _gradients?.Dispose();
    }
}
