namespace ReasonRL.Core.Randomness;

/// <summary>
/// A small, explicitly seeded generator (xoshiro256**, Blackman and Vigna 2018) whose sequence is fixed by this
/// code rather than by the runtime's <see cref="Random"/> implementation, so generated problems and corpora stay
/// identical across .NET versions. Its <see cref="State"/> can be saved and restored for exact resume.
/// </summary>
public sealed class DeterministicRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public DeterministicRandom(ulong seed)
    {
        _s0 = SeedMixer.Finalize(seed);
        _s1 = SeedMixer.Finalize(_s0);
        _s2 = SeedMixer.Finalize(_s1);
        _s3 = SeedMixer.Finalize(_s2);
    }

    private DeterministicRandom(ulong[] state) => (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);

    /// <summary>The four state words; <see cref="FromState"/> continues the exact same sequence.</summary>
    public IReadOnlyList<ulong> State => [_s0, _s1, _s2, _s3];

    public static DeterministicRandom FromState(IReadOnlyList<ulong> state) =>
        state.Count == 4 ? new DeterministicRandom([.. state]) : throw new ArgumentException("expected 4 state words", nameof(state));

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="exclusiveMax"/>) without modulo bias (Lemire's method).</summary>
    public int NextInt(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        var bound = (ulong)exclusiveMax;
        var threshold = (0UL - bound) % bound;
        while (true)
        {
            var x = NextUInt64();
            var high = Math.BigMul(x, bound, out var low);
            if (low >= threshold)
            {
                return (int)high;
            }
        }
    }

    /// <summary>Uniform integer in [<paramref name="min"/>, <paramref name="inclusiveMax"/>].</summary>
    public int NextInt(int min, int inclusiveMax) => min + NextInt(inclusiveMax - min + 1);

    public bool NextBool(double probabilityTrue) => NextDouble() < probabilityTrue;

    public T Pick<T>(IReadOnlyList<T> items) => items[NextInt(items.Count)];

    /// <summary>Index drawn with probability proportional to <paramref name="weights"/> (non-negative, not all zero).</summary>
    public int PickWeighted(IReadOnlyList<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights)
        {
            total += w;
        }

        var u = NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }

    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
