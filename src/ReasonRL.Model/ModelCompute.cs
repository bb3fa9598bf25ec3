using ReasonRL.Core.Json;
using static TorchSharp.torch;

namespace ReasonRL.Model;

/// <summary>The dtype a model computes in (YAML and command line: <c>float32</c> | <c>bfloat16</c>).</summary>
public enum ComputeDtype
{
    Float32,
    Bfloat16,
}

/// <summary>
/// Where a model runs and in which dtype: a setting of the model, honoured by every tensor made for it (weights, KV
/// cache, sampler, scorer, losses, optimizer state). Log-softmax, sampling distributions and losses are computed in
/// float32 whatever the dtype, as transformers and TRL do with <c>logits.float()</c>.
/// </summary>
/// <remarks>
/// The package feed serves only the CPU build of TorchSharp; <c>cuda</c> needs the build made with
/// <c>-p:TorchBackend=cuda</c> (see the README) and is not tested here.
/// </remarks>
public sealed record ModelCompute
{
    public static ModelCompute Default { get; } = new();

    /// <summary><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; init; } = "cpu";

    public ComputeDtype Dtype { get; init; } = ComputeDtype.Float32;

    public ScalarType ScalarType => Dtype == ComputeDtype.Bfloat16 ? ScalarType.BFloat16 : ScalarType.Float32;

    public bool IsCpu => Device == "cpu";

    /// <summary>The TorchSharp device; a CUDA device on a build or machine without CUDA is an <see cref="Core.InputException"/>.</summary>
    public Device TorchDevice()
    {
        var problems = Problems().ToList();
        if (problems.Count > 0)
        {
            throw new Core.InputException(string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}")));
        }

        if (IsCpu)
        {
            return CPU;
        }

        if (!cuda.is_available())
        {
            throw new Core.InputException($"device: '{Device}' asked for, but CUDA is not available (this build has the CPU TorchSharp package unless it was built with -p:TorchBackend=cuda; the machine needs an NVIDIA driver)");
        }

        return device(Device);
    }

    /// <summary>Everything wrong with these settings: the field and a message (empty when valid).</summary>
    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (!IsValidDevice(Device))
        {
            yield return ("device", $"'{Device}' (allowed: cpu, cuda, cuda:N)");
        }
    }

    public override string ToString() => $"{Device}, {SnakeCase.From(Dtype.ToString())}";

    private static bool IsValidDevice(string name) =>
        name is "cpu" or "cuda"
        || (name.StartsWith("cuda:", StringComparison.Ordinal) && name.Length > 5 && name[5..].All(char.IsAsciiDigit));
}
