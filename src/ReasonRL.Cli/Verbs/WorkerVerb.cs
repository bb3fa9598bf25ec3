using System.Net;
using Microsoft.Extensions.Logging;
using ReasonRL.Cli.CommandLine;
using ReasonRL.Cli.Hosting;
using ReasonRL.Cluster;
using ReasonRL.Core.Verification;
using ReasonRL.Training.Rollout;

namespace ReasonRL.Cli.Verbs;

/// <summary>
/// <c>reasonrl worker --cluster CONNECTION</c>: a rollout and verification worker of a cluster, until Ctrl+C or SIGTERM.
/// </summary>
internal sealed class WorkerVerb(VerifierRegistry verifiers, PluginFolders plugins, ILoggerFactory loggers) : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["worker"],
        "Run a rollout worker of a cluster: samples and verifies the units trainers with rollout.workers: cluster hand out",
        [],
        [
            new("cluster", "membership: localhost[:PORT] (development, loopback only) or redis://HOST:PORT", ValueName: "CONNECTION", Required: true),
            new("address", "with Redis: the address to listen on and advertise (loopback unless you say otherwise)", ValueName: "IP", Default: "127.0.0.1"),
            new("port", "the silo port (the gateway takes the next one); default: the next free pair, or with Redis any free ports", ValueName: "PORT"),
            new("threads", "threads for the model's math (default: libtorch's choice); give every worker and the trainer the same for identical results", ValueName: "N"),
            PluginFolders.Option,
        ],
        "Any number of workers may join and leave while a trainer runs; a unit lost with its worker goes to another. The\n" +
        "trainer publishes each policy version's weights in a folder every worker must be able to read (rollout.weights_folder).");

    public async Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken)
    {
        var cluster = ClusterAddress.Parse(arguments.RequiredString("cluster"));
        if (cluster.Problem is { } problem)
        {
            throw new UsageException($"--cluster: {problem}", Spec);
        }

        if (!IPAddress.TryParse(arguments.String("address"), out var address))
        {
            throw new UsageException($"--address: '{arguments.String("address")}' is not an IP address", Spec);
        }

        if (arguments.Int("threads") is { } threads)
        {
            if (threads <= 0)
            {
                throw new UsageException($"--threads: must be positive, got {threads}", Spec);
            }

            TorchSharp.torch.set_num_threads(threads);
        }

        plugins.LoadFrom(arguments);
        var endpoints = ClusterMembership.Choose(cluster, address, arguments.Int("port") ?? 0, 0);
        await WorkerSilo.RunAsync(cluster, endpoints, verifiers, loggers, cancellationToken).ConfigureAwait(false);
        return ReasonRLApp.Success;
    }
}
