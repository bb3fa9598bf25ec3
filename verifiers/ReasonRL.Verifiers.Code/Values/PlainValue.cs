using System.Collections;
using System.Numerics;

namespace ReasonRL.Verifiers.Code.Values;

/// <summary>
/// A value a program may return or take: exactly JSON's types, with integers and floats kept apart (Python's
/// <c>1</c> and <c>1.0</c>) and booleans never numbers. Test inputs and expected outputs are held as these, and the
/// sandbox's results are parsed into these before the host compares them (<see cref="TypedEquality"/>).
/// </summary>
public abstract class PlainValue
{
    private protected PlainValue()
    {
    }

    /// <summary>Converts a C# value of a reference implementation: int, long, BigInteger, double, bool, string, null, sequences and string-keyed dictionaries.</summary>
    public static PlainValue From(object? value) => value switch
    {
        null => PlainNull.Instance,
        PlainValue plain => plain,
        bool b => new PlainBool(b),
        int i => new PlainInt(i),
        long l => new PlainInt(l),
        BigInteger n => new PlainInt(n),
        double d => new PlainFloat(d),
        string s => new PlainString(s),
        IEnumerable<KeyValuePair<string, int>> pairs => new PlainDict([.. pairs.Select(p => new KeyValuePair<string, PlainValue>(p.Key, new PlainInt(p.Value)))]),
        IEnumerable items => new PlainList([.. items.Cast<object?>().Select(From)]),
        _ => throw new ArgumentException($"no plain value for a {value.GetType().Name}", nameof(value)),
    };
}

public sealed class PlainNull : PlainValue
{
    public static PlainNull Instance { get; } = new();

    private PlainNull()
    {
    }
}

public sealed class PlainBool(bool value) : PlainValue
{
    public bool Value { get; } = value;
}

/// <summary>An integer of any size (Python's ints are unbounded).</summary>
public sealed class PlainInt(BigInteger value) : PlainValue
{
    public BigInteger Value { get; } = value;
}

public sealed class PlainFloat(double value) : PlainValue
{
    public double Value { get; } = value;
}

public sealed class PlainString(string value) : PlainValue
{
    public string Value { get; } = value;
}

public sealed class PlainList(IReadOnlyList<PlainValue> items) : PlainValue
{
    public IReadOnlyList<PlainValue> Items { get; } = items;
}

/// <summary>A dictionary with string keys, in insertion order (which equality ignores, as Python's does).</summary>
public sealed class PlainDict(IReadOnlyList<KeyValuePair<string, PlainValue>> entries) : PlainValue
{
    public IReadOnlyList<KeyValuePair<string, PlainValue>> Entries { get; } = entries;
}
