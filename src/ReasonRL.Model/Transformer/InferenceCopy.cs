using static TorchSharp.torch;

namespace ReasonRL.Model.Transformer;

/// <summary>
/// The model that sampling and frozen scoring passes run when inference is cheaper in another dtype than training:
/// a bfloat16 copy of float32 master weights (mixed-precision training's master copy, Micikevicius et al. 2018,
/// arXiv 1710.03740), rounded again from the master on every <see cref="Refresh"/>; or the master itself when the
/// dtypes agree. The copy never trains: it is in eval mode and its parameters need no grad.
/// </summary>
/// <remarks>
/// Rows drawn from the copy come from a slightly different distribution than the master's; a trainer that uses them
/// corrects for it with importance weights against the log-probs the sampler recorded.
/// </remarks>
public sealed class InferenceCopy : IDisposable
{
    private readonly TransformerModel? _copy;

    private InferenceCopy(TransformerModel master, TransformerModel? copy)
    {
        Master = master;
        _copy = copy;
    }

    /// <summary>The model trained (or loaded) in its own dtype.</summary>
    public TransformerModel Master { get; }

    /// <summary>The model inference runs: the copy, or the master when no copy is needed.</summary>
    public TransformerModel Model => _copy ?? Master;

    /// <summary>Whether inference runs on a copy in another dtype.</summary>
    public bool IsCopy => _copy is not null;

    /// <summary>A copy of <paramref name="master"/> computing in <paramref name="dtype"/> (none when it already does), with the master's weights.</summary>
    public static InferenceCopy Of(TransformerModel master, ComputeDtype dtype)
    {
        if (master.Compute.Dtype == dtype)
        {
            return new InferenceCopy(master, null);
        }

        var copy = TransformerModel.Uninitialised(master.Config, master.Compute with { Dtype = dtype });
        copy.eval();
        foreach (var parameter in copy.parameters())
        {
            parameter.requires_grad = false;
        }

        var created = new InferenceCopy(master, copy);
        created.Refresh();
        return created;
    }

    /// <summary>Rounds the master's current weights into the copy (a no-op without one).</summary>
    public void Refresh()
    {
        if (_copy is null)
        {
            return;
        }

        using var guard = no_grad();
        var source = Master.state_dict();
        foreach (var (name, target) in _copy.state_dict())
        {
            target.copy_(source[name]);
        }
    }

    public void Dispose() => _copy?.Dispose();
}
