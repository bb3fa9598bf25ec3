using ReasonRL.Cli.CommandLine;
using ReasonRL.Model;

namespace ReasonRL.Cli.Verbs;

/// <summary>The <c>--device</c> and <c>--dtype</c> options every verb that loads a model takes.</summary>
internal static class ComputeOptions
{
    public static IReadOnlyList<OptionSpec> Specs { get; } =
    [
        new("device", "where the model computes: cpu, cuda or cuda:N (cuda needs the CUDA build, see the README)", ValueName: "DEVICE", Default: "cpu"),
        new("dtype", "compute dtype: float32 or bfloat16", ValueName: "DTYPE", Default: "float32"),
    ];

    public static ModelCompute From(ParsedArguments arguments)
    {
        var compute = new ModelCompute
        {
            Device = arguments.String("device") ?? "cpu",
            Dtype = arguments.Enum<ComputeDtype>("dtype") ?? ComputeDtype.Float32,
        };
        var problems = compute.Problems().ToList();
        return problems.Count == 0
            ? compute
            : throw new UsageException(string.Join("; ", problems.Select(p => $"--{p.Field}: {p.Message}")), arguments.Verb);
    }
}
