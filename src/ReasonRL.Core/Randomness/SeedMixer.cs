namespace ReasonRL.Core.Randomness;

/// <summary>
/// Derives independent seeds from tuples such as (run seed, step, prompt, sample), so that no randomness comes
/// from a global generator and any single draw can be reproduced on its own. SplitMix64 finalizer
/// (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014).
/// </summary>
public static class SeedMixer
{
    public static ulong Mix(ulong a, ulong b) => Finalize(Finalize(a) ^ (b + 0x9E3779B97F4A7C15UL));

    public static ulong Mix(ulong a, ulong b, ulong c) => Mix(Mix(a, b), c);

    public static ulong Mix(ulong a, ulong b, ulong c, ulong d) => Mix(Mix(Mix(a, b), c), d);

    /// <summary>Mixes a string (e.g. a problem id or a stage name) into a seed, stably across processes.</summary>
    public static ulong Mix(ulong a, string text) => Mix(a, StableHash.Of(text));

    public static ulong Finalize(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
