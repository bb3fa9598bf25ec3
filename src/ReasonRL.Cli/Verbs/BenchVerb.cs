using System.Text.Json;
using Microsoft.Extensions.Logging;
using ReasonRL.Cli.CommandLine;
using ReasonRL.Cli.Hosting;
using ReasonRL.Core.Json;
using ReasonRL.Model.Benchmarks;

namespace ReasonRL.Cli.Verbs;

internal sealed class BenchVerb(CliConsole console, ILogger<BenchVerb> logger) : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["bench"],
        "Measure this machine: GEMM peak, training throughput and MFU, sampling and scoring speed",
        [],
        [new("json", "print one JSON object instead of a table", OptionArity.Flag)]);

    public Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken)
    {
        logger.LogInformation("Measuring the f32 GEMM peak");
        var gemm = GemmPeak.Measure(cancellationToken);
        if (arguments.Flag("json"))
        {
            console.Out.WriteLine(JsonSerializer.Serialize(new { gemm_gflops = gemm }, RecordJson.Options));
        }
        else
        {
            console.Out.WriteLine($"f32 GEMM peak: {gemm:F1} GFLOP/s");
        }

        return Task.FromResult(ReasonRLApp.Success);
    }
}
