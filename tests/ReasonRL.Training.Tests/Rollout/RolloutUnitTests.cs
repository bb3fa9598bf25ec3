using ReasonRL.Training.Rollout;

namespace ReasonRL.Training.Tests.Rollout;

public sealed class RolloutUnitTests
{
    [Theory]
    [InlineData(16, 1, new[] { 0, 16 })]
    [InlineData(16, 2, new[] { 0, 8, 8, 8 })]
    [InlineData(10, 4, new[] { 0, 3, 3, 3, 6, 2, 8, 2 })]
    [InlineData(3, 5, new[] { 0, 1, 1, 1, 2, 1 })]
    public void Groups_split_into_contiguous_units_as_even_as_can_be(int groups, int partitions, int[] startsAndCounts)
    {
        var expected = startsAndCounts.Chunk(2).Select(p => (p[0], p[1])).ToArray();

        Assert.Equal(expected, RolloutUnit.Split(groups, partitions));
    }

    [Theory]
    [InlineData("localhost", MembershipKind.Localhost, "localhost", 11111)]
    [InlineData("localhost:12000", MembershipKind.Localhost, "localhost", 12000)]
    [InlineData("redis://127.0.0.1:6380", MembershipKind.Redis, "127.0.0.1", 6380)]
    [InlineData("redis://cache.internal", MembershipKind.Redis, "cache.internal", 6379)]
    public void A_cluster_connection_names_its_membership_host_and_port(string text, MembershipKind membership, string host, int port)
    {
        var address = ClusterAddress.Parse(text);

        Assert.Null(address.Problem);
        Assert.Equal((membership, host, port), (address.Membership, address.Host, address.Port));
    }

    [Theory]
    [InlineData("zookeeper://x", "is not a cluster connection")]
    [InlineData("localhost:0", "from 1 to 65535")]
    [InlineData("redis://:6379", "a host is needed")]
    [InlineData("redis://h:port", "must be a number")]
    public void A_bad_cluster_connection_says_what_is_wrong(string text, string message)
    {
        Assert.Contains(message, ClusterAddress.Parse(text).Problem);
    }
}
