using System.Text;

namespace ReasonRL.Core.Randomness;

/// <summary>
/// A 64-bit FNV-1a hash of UTF-8 text: the same value in every process and on every machine, unlike
/// <see cref="string.GetHashCode()"/>.
/// </summary>
public static class StableHash
{
    public static ulong Of(string text) => Of(Encoding.UTF8.GetBytes(text));

    public static ulong Of(ReadOnlySpan<byte> bytes)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= 0x100000001B3UL;
        }

        return hash;
    }
}
