using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using ReasonRL.Core.Verification;
using ReasonRL.Model;
using ReasonRL.Model.Sampling;
using ReasonRL.Model.Tokenization;
using ReasonRL.Training.Grpo;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Rollout;

namespace ReasonRL.Cluster;

/// <summary>
/// The trainer's side of <c>rollout.workers: cluster</c>: an Orleans client of the recipe's cluster, waiting until a
/// worker's gateway answers, and the <see cref="ClusterRolloutWorkers"/> that hand units out through it.
/// </summary>
public sealed class OrleansClusterConnector(ILoggerFactory loggers) : IClusterConnector
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    public async Task<IRolloutWorkers> ConnectAsync(GrpoSetup setup, RolloutSection rollout, ModelCompute compute, string weightsFolder, CancellationToken cancellationToken) =>
        await ConnectAsync(ClusterAddress.Parse(rollout.Cluster), setup.Tokenizer, setup.Settings.Sampling.ToOptions(), setup.Rewards, compute, weightsFolder, cancellationToken).ConfigureAwait(false);

    /// <summary>Workers of <paramref name="cluster"/> sampling with <paramref name="sampling"/> and scoring with <paramref name="rewards"/>.</summary>
    public async Task<ClusterRolloutWorkers> ConnectAsync(
        ClusterAddress cluster, TextTokenizer tokenizer, SamplingOptions sampling, RewardComposer rewards, ModelCompute compute, string weightsFolder, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger<ClusterRolloutWorkers>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "reasonrl-trainer" });
        builder.Logging.To(loggers);
        builder.Services.WithoutConsoleLifetime();
        builder.UseOrleansClient(client => client
            .Use(cluster)
            // A unit may take minutes; a lost worker is noticed through the membership, not a response timeout.
            .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromHours(1))
            .UseConnectionRetryFilter(async (e, token) =>
            {
                logger.LogWarning("no rollout worker reachable at {Cluster} yet ({Message}); start `reasonrl worker --cluster {Cluster}`; trying again", cluster, e.Message, cluster);
                await Task.Delay(Retry, token).ConfigureAwait(false);
                return !token.IsCancellationRequested;
            }));
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new ClusterRolloutWorkers(host.Services.GetRequiredService<IClusterClient>(), new StoppedOnDispose(host, logger), tokenizer, sampling, rewards, compute, new WeightsPublisher(weightsFolder), logger);
    }

    private sealed class StoppedOnDispose(IHost host, ILogger logger) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await host.StopWithinAsync(logger, "the trainer's cluster client").ConfigureAwait(false);
    }
}
