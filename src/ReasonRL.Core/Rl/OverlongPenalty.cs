namespace ReasonRL.Core.Rl;

/// <summary>
/// DAPO's soft overlong punishment (arXiv 2503.14476, §3.4, eq. 13): no penalty up to L_max − L_cache tokens, then a
/// penalty growing linearly to −1 at L_max, and −1 beyond. It is added to the task reward, so that truncated
/// rambling is discouraged gradually rather than by a cliff.
/// </summary>
public static class OverlongPenalty
{
    /// <param name="length">|y|, the completion's length in tokens.</param>
    /// <param name="maxLength">L_max, the longest allowed completion.</param>
    /// <param name="cacheLength">L_cache, the width of the soft band before L_max.</param>
    public static double Of(int length, int maxLength, int cacheLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cacheLength);
        var softStart = maxLength - cacheLength;
        if (length <= softStart)
        {
            return 0.0;
        }

        return length <= maxLength ? (double)(softStart - length) / cacheLength : -1.0;
    }
}
