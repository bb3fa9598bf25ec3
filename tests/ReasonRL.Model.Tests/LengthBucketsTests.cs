using ReasonRL.Model.Scoring;

namespace ReasonRL.Model.Tests;

/// <summary>The bucket plan of the scorer against splits worked out by hand.</summary>
public class LengthBucketsTests
{
    public static TheoryData<int[], int, int[][]> Plans => new()
    {
        // One row: one bucket.
        { [7], 100, [[0]] },
        // Two lengths far apart, cheap buckets: 2·10 + 2·100 + 2·5 = 230 against one bucket 4·100 + 5 = 405.
        { [100, 10, 100, 10], 5, [[1, 3], [0, 2]] },
        // The same lengths, a bucket costing more than the padding it saves: one bucket, sorted by (length, index).
        { [100, 10, 100, 10], 200, [[1, 3, 0, 2]] },
        // Rows with nothing to compute are in no bucket.
        { [0, 4, 0, 4], 0, [[1, 3]] },
        // Three groups, overhead 10: 3·2 + 2·50 + 1·90 + 30 = 226 beats any two-way split (e.g. 3·2 + 3·90 + 20 = 296).
        { [50, 2, 90, 2, 50, 2], 10, [[1, 3, 5], [0, 4], [2]] },
        // A tie between one and two buckets keeps the fewer: [1,2] → 2·2 + 1 = 5 = 1 + 1 + 2 + 1.
        { [1, 2], 1, [[0, 1]] },
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public void Buckets_minimise_padded_positions_plus_a_cost_per_bucket(int[] lengths, int overhead, int[][] expected)
    {
        var buckets = LengthBuckets.Plan(lengths, overhead);

        Assert.Equal(expected, buckets);
    }

    [Fact]
    public void Padded_positions_count_each_bucket_at_its_longest_row()
    {
        int[] lengths = [100, 10, 100, 10];

        Assert.Equal(220, LengthBuckets.PaddedPositions(lengths, [[1, 3], [0, 2]]));
        Assert.Equal(400, LengthBuckets.PaddedPositions(lengths, [[1, 3, 0, 2]]));
    }

    [Fact]
    public void Negative_lengths_and_overheads_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LengthBuckets.Plan([3, -1], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LengthBuckets.Plan([3], -1));
    }

    [Fact]
    public void No_rows_make_no_buckets()
    {
        Assert.Empty(LengthBuckets.Plan([], 10));
        Assert.Empty(LengthBuckets.Plan([0, 0], 10));
    }
}
