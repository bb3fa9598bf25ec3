using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using ReasonRL.Training.Rollout;

namespace ReasonRL.Cluster;

/// <summary>A worker silo's endpoints: the address it advertises and listens on, its silo port and its gateway port (for trainers).</summary>
public sealed record WorkerEndpoints(IPAddress Address, int SiloPort, int GatewayPort);

/// <summary>
/// How silos and trainers find each other for a <see cref="ClusterAddress"/>. Development (<c>localhost:PORT</c>): the
/// first worker takes ports PORT (silo) and PORT+1 (gateway) and keeps the membership table in memory; later workers
/// take the next free pair and join it; trainers connect through the first worker's gateway. The cluster lives as long
/// as that first worker does. Production (<c>redis://HOST:PORT</c>): the membership table is in Redis (Orleans's own
/// provider), any worker may come and go, and trainers find every worker's gateway there.
/// </summary>
public static class ClusterMembership
{
    /// <summary>The Orleans service id shared by every ReasonRL cluster (the cluster id tells clusters apart).</summary>
    public const string ServiceId = "reasonrl";

    /// <summary>
    /// Faster failure detection than Orleans's defaults: probes every 2 s (not 5), and an I-am-alive row every 3 s (not
    /// 30), so a killed worker is declared dead within about 10 s — also when it was one of only two, where the survivor's
    /// vote counts alone only once the dead one's row has gone stale (3 missed rows).
    /// </summary>
    public static void Configure(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(2);
        options.NumMissedProbesLimit = 3;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(5);
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(3);
        options.MaxJoinAttemptTime = TimeSpan.FromSeconds(30);
    }

    public static ISiloBuilder Use(this ISiloBuilder silo, ClusterAddress cluster, WorkerEndpoints endpoints)
    {
        silo.Configure<ClusterMembershipOptions>(Configure);
        if (cluster.Membership == MembershipKind.Localhost)
        {
            var primary = new IPEndPoint(IPAddress.Loopback, cluster.Port);
            return silo.UseLocalhostClustering(endpoints.SiloPort, endpoints.GatewayPort, endpoints.SiloPort == cluster.Port ? null : primary, ServiceId, ClusterAddress.ClusterId);
        }

        return silo
            .Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (ServiceId, ClusterAddress.ClusterId))
            .ConfigureEndpoints(endpoints.Address, endpoints.SiloPort, endpoints.GatewayPort)
            .UseRedisClustering(cluster.RedisConfiguration);
    }

    public static IClientBuilder Use(this IClientBuilder client, ClusterAddress cluster) => cluster.Membership == MembershipKind.Localhost
        ? client.UseLocalhostClustering(cluster.Port + 1, ServiceId, ClusterAddress.ClusterId)
        : client.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (ServiceId, ClusterAddress.ClusterId)).UseRedisClustering(cluster.RedisConfiguration);

    /// <summary>
    /// The ports a new worker takes: given ones; or in development the first worker's pair if free, else the next free
    /// pair above it; or with Redis two ports the system picks.
    /// </summary>
    public static WorkerEndpoints Choose(ClusterAddress cluster, IPAddress address, int siloPort, int gatewayPort)
    {
        if (siloPort > 0)
        {
            return new(address, siloPort, gatewayPort > 0 ? gatewayPort : siloPort + 1);
        }

        if (cluster.Membership == MembershipKind.Redis)
        {
            return new(address, FreePort(address), FreePort(address));
        }

        for (var port = cluster.Port; port < cluster.Port + 200; port += 2)
        {
            if (IsFree(IPAddress.Loopback, port) && IsFree(IPAddress.Loopback, port + 1))
            {
                return new(IPAddress.Loopback, port, port + 1);
            }
        }

        throw new Core.InputException($"no free pair of ports from {cluster.Port} to {cluster.Port + 200} on loopback");
    }

    private static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
