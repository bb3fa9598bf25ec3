using ReasonRL.Training.Llc;
using static TorchSharp.torch;

namespace ReasonRL.Training.Tests.Llc;

/// <summary>
/// A deep linear network y = x W_1 W_2 … W_M (no biases) with the mean squared error on n samples from a teacher
/// y = x T + noise, T of a chosen rank: the model family whose learning coefficients Aoyagi's theorem gives. One
/// layer is realisable linear regression, a regular model with λ = d/2. The weights are trained to the minimum of the
/// empirical loss (least squares for one layer, Adam for more) before the LLC is estimated there, as in Lau et al.
/// </summary>
internal sealed class DeepLinearRegression : ISgldLoss, IDisposable
{
    private readonly Tensor _x;       // (n, H_1)
    private readonly Tensor _y;       // (n, H_{M+1})
    private readonly TorchSharp.Modules.Parameter[] _layers; // W_k: (H_k, H_{k+1})

    public DeepLinearRegression(IReadOnlyList<int> widths, int teacherRank, int count, ulong seed)
    {
        using var generator = new Generator(seed);
        var (input, output) = (widths[0], widths[^1]);
        var teacher = randn([input, teacherRank], generator: generator).matmul(randn([teacherRank, output], generator: generator)); // rank r
        _x = randn([count, input], generator: generator).DetachFromDisposeScope();
        _y = (_x.matmul(teacher) + randn([count, output], generator: generator)).DetachFromDisposeScope();
        _layers = [.. widths.Zip(widths.Skip(1), (a, b) => new TorchSharp.Modules.Parameter(randn([a, b], generator: generator) / Math.Sqrt(a)))];
        Count = count;
    }

    public IReadOnlyList<Tensor> Parameters => _layers;

    public int Count { get; }

    public long Terms => Count;

    public Tensor Loss(IReadOnlyList<int> indices)
    {
        var rows = tensor(indices.Select(i => (long)i).ToArray());
        var prediction = _layers.Aggregate(_x.index_select(0, rows), (h, w) => h.matmul(w));
        return (prediction - _y.index_select(0, rows)).square().mean();
    }

    public double FullLoss()
    {
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        return Loss([.. Enumerable.Range(0, Count)]).item<float>();
    }

    /// <summary>Moves the weights to a minimum of the empirical loss: the least-squares solution, or Adam for a product.</summary>
    public DeepLinearRegression Train(int steps = 4000, double learningRate = 0.01)
    {
        if (_layers.Length == 1)
        {
            using var guard = no_grad();
            var (solution, residuals, rank, singularValues) = linalg.lstsq(_x, _y);
            _layers[0].copy_(solution);
            foreach (var t in new[] { solution, residuals, rank, singularValues })
            {
                t.Dispose();
            }
            return this;
        }

        using var optimizer = optim.Adam(_layers, learningRate);
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            Loss([.. Enumerable.Range(0, Count)]).backward();
            optimizer.step();
        }

        return this;
    }

    public void Dispose()
    {
        _x.Dispose();
        _y.Dispose();
        foreach (var layer in _layers)
        {
            layer.Dispose();
        }
    }
}
