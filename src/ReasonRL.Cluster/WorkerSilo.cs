using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReasonRL.Core.Verification;
using ReasonRL.Training.Rollout;

namespace ReasonRL.Cluster;

/// <summary>
/// A <c>reasonrl worker</c> process: an Orleans silo hosting this process's <see cref="RolloutWorkerGrain"/>. It keeps
/// trying to join until the membership (the first worker, or Redis) answers, and on Ctrl+C or SIGTERM leaves the
/// cluster cleanly, so trainers re-dispatch its unit at once instead of waiting for it to be declared dead. When the
/// membership cannot be reached (Redis has gone away), leaving is bounded by <see cref="InnerHost.StopTimeout"/>: the
/// worker then stops without telling the cluster, which declares it dead by itself.
/// </summary>
public static class WorkerSilo
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(ClusterAddress cluster, WorkerEndpoints endpoints, VerifierRegistry verifiers, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(WorkerSilo));
        while (true)
        {
            var host = Build(cluster, endpoints, verifiers, loggers);
            try
            {
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
            {
                logger.LogWarning("could not join the cluster at {Cluster} ({Message}); trying again in {Seconds}s", cluster, e.Message, Retry.TotalSeconds);
                await host.StopWithinAsync(logger, "the worker").ConfigureAwait(false);
                await Task.Delay(Retry, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await host.StopWithinAsync(logger, "the worker").ConfigureAwait(false);
                throw;
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
                await host.StopWithinAsync(logger, $"worker {silo.Endpoint}").ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException)
            {
                logger.LogWarning("worker {Silo} was stopped by the cluster; joining again", silo.Endpoint);
                await host.StopWithinAsync(logger, $"worker {silo.Endpoint}").ConfigureAwait(false);
            }
        }
    }

    private static IHost Build(ClusterAddress cluster, WorkerEndpoints endpoints, VerifierRegistry verifiers, ILoggerFactory loggers)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "reasonrl-worker" });
        builder.Logging.To(loggers);
        builder.Services.WithoutConsoleLifetime();
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
