using ReasonRL.Model.Transformer;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ReasonRL.Model.Tests;

/// <summary>
/// Decoding's attention (one query per row over a cache, two batched matrix products) gives what the fused
/// scaled-dot-product kernel gives on the same inputs: strided cache views, a padding mask, grouped-query heads.
/// </summary>
public class SingleQueryAttentionTests
{
    [Theory]
    [InlineData(2, 2, false)]
    [InlineData(2, 2, true)]
    [InlineData(4, 2, true)]
    [InlineData(4, 1, true)]
    public void One_query_over_a_cache_equals_the_fused_kernel(int heads, int kvHeads, bool masked)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(11);
        const int batch = 5, capacity = 24, filled = 17, headDim = 16;
        var q = randn([batch, 1, heads, headDim], generator: generator).transpose(1, 2);  // (B, H, 1, hd), strided as in the model
        var cacheKeys = randn([batch, kvHeads, capacity, headDim], generator: generator);
        var cacheValues = randn([batch, kvHeads, capacity, headDim], generator: generator);
        var k = cacheKeys.narrow(2, 0, filled); // the cache's filled columns, a view
        var v = cacheValues.narrow(2, 0, filled);
        Tensor? mask = null;
        if (masked)
        {
            // Left padding: row r hides its first r columns; the newest column is always visible.
            var columns = arange(filled, dtype: ScalarType.Int64).unsqueeze(0);          // (1, L)
            var padding = arange(batch, dtype: ScalarType.Int64).unsqueeze(1);           // (B, 1)
            mask = columns.ge(padding).view(batch, 1, 1, filled);
        }

        var plain = SelfAttention.AttendOneQuery(q, k, v, mask?.logical_not());
        var fused = Fused(q, k, v, mask, heads / kvHeads);

        Assert.Equal(new long[] { batch, heads, 1, headDim }, plain.shape);
        var difference = (plain - fused).abs().max().item<float>();
        Assert.True(difference < 1e-5, $"largest difference {difference}");
        if (masked)
        {
            // A hidden key changes nothing: altering row 3's first three keys and values leaves its output as it was.
            cacheKeys[3].narrow(1, 0, 3).fill_(100f);
            cacheValues[3].narrow(1, 0, 3).fill_(-100f);
            var altered = SelfAttention.AttendOneQuery(q, k, v, mask?.logical_not());
            Assert.True(TestModels.Identical(plain[3], altered[3]));
        }
    }

    /// <summary>The fused kernel with keys and values repeated to every query head.</summary>
    private static Tensor Fused(Tensor q, Tensor k, Tensor v, Tensor? mask, int group)
    {
        var keys = k.repeat_interleave(group, dim: 1);
        var values = v.repeat_interleave(group, dim: 1);
        return F.scaled_dot_product_attention(q, keys, values, attn_mask: mask);
    }
}
