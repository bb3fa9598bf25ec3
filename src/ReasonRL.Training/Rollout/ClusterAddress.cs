using System.Globalization;

namespace ReasonRL.Training.Rollout;

/// <summary>How workers and the trainer find each other (YAML <c>rollout.cluster</c>, <c>reasonrl worker --cluster</c>).</summary>
public enum MembershipKind
{
    /// <summary>Development: the first worker on this machine keeps the membership table; loopback only, no server.</summary>
    Localhost,

    /// <summary>Production: the membership table lives in a Redis server (Orleans's Redis clustering provider).</summary>
    Redis,
}

/// <summary>
/// A parsed cluster connection: <c>localhost</c>, <c>localhost:PORT</c> (PORT: the first worker's silo port, default
/// 11111) or <c>redis://HOST:PORT</c> (default port 6379).
/// </summary>
public sealed record ClusterAddress(MembershipKind Membership, string Host, int Port, string? Problem = null)
{
    public const int DefaultSiloPort = 11111;
    public const int DefaultRedisPort = 6379;

    /// <summary>The Orleans cluster id: every worker and the trainer of one cluster must use the same.</summary>
    public const string ClusterId = "reasonrl";

    public static ClusterAddress Parse(string text)
    {
        const string redis = "redis://";
        if (text.StartsWith(redis, StringComparison.OrdinalIgnoreCase))
        {
            var (host, port, problem) = HostAndPort(text[redis.Length..], DefaultRedisPort);
            return new(MembershipKind.Redis, host, port, problem is null ? null : $"'{text}': {problem}");
        }

        if (text == "localhost" || text.StartsWith("localhost:", StringComparison.Ordinal))
        {
            var (host, port, problem) = HostAndPort(text, DefaultSiloPort);
            return new(MembershipKind.Localhost, host, port, problem is null ? null : $"'{text}': {problem}");
        }

        return new(MembershipKind.Localhost, "", 0, $"'{text}' is not a cluster connection: use localhost, localhost:PORT or redis://HOST:PORT");
    }

    /// <summary>The Redis connection string of StackExchange.Redis (<c>HOST:PORT</c>).</summary>
    public string RedisConfiguration => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    public override string ToString() => Membership == MembershipKind.Redis ? $"redis://{Host}:{Port}" : $"localhost:{Port}";

    private static (string Host, int Port, string? Problem) HostAndPort(string text, int defaultPort)
    {
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            return text.Length == 0 ? ("", 0, "a host is needed") : (text, defaultPort, null);
        }

        var host = text[..colon];
        if (host.Length == 0)
        {
            return ("", 0, "a host is needed before the port");
        }

        return int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? (host, port, null)
            : (host, 0, $"the port must be a number from 1 to 65535, got '{text[(colon + 1)..]}'");
    }
}
