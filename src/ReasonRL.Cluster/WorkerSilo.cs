using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReasonRL.Core.Verification;
using ReasonRL.Training.Rollout;

namespace ReasonRL.Cluster;

/// <summary>
/// A <c>reasonrl worker</c> process: an Orleans silo hosting this process's <see cref="RolloutWorkerGrain"/>. It keeps
/// trying to join until the membership (the first worker, or Redis) answers, and on Ctrl+C or SIGTERM leaves the
/// cluster cleanly, so trainers re-dispatch its unit at once instead of waiting for it to be declared dead.
/// </summary>
public static class WorkerSilo
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(ClusterAddress cluster, WorkerEndpoints endpoints, VerifierRegistry verifiers, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(WorkerSilo));
        while (true)
        {
            using var host = Build(cluster, endpoints, verifiers, loggers);
            try
            {
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
            {
                logger.LogWarning("could not join the cluster at {Cluster} ({Message}); trying again in {Seconds}s", cluster, e.Message, Retry.TotalSeconds);
                await Task.Delay(Retry, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var silo = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
            host.Services.GetRequiredService<RolloutWorkerService>().Name = silo.Endpoint.ToString();
            logger.LogInformation("worker {Silo} joined the cluster at {Cluster} (gateway port {Gateway}); Ctrl+C leaves it", silo.Endpoint, cluster, endpoints.GatewayPort);
            // Until Ctrl+C, or until the silo stops by itself (the cluster declared it dead, e.g. after a long stall): then join again.
            var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
            try
            {
                await Task.Delay(Timeout.Infinite, either.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                logger.LogInformation("worker {Silo} leaving the cluster", silo.Endpoint);
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException)
            {
                logger.LogWarning("worker {Silo} was stopped by the cluster; joining again", silo.Endpoint);
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static IHost Build(ClusterAddress cluster, WorkerEndpoints endpoints, VerifierRegistry verifiers, ILoggerFactory loggers)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "reasonrl-worker" });
        builder.Logging.To(loggers);
        builder.Services.AddSingleton(verifiers);
        builder.Services.AddSingleton<RolloutWorkerService>();
        builder.UseOrleans(silo =>
        {
            silo.Use(cluster, endpoints);
            silo.AddPlacementDirector<NamedSiloPlacement, NamedSiloPlacementDirector>();
        });
        return builder.Build();
    }
}
