namespace ReasonRL.Verifiers.Code.Values;

/// <summary>
/// How the host decides that a returned value equals an expected one: by type first, then by value.
/// <list type="bullet">
/// <item>A boolean equals only a boolean (<c>True</c> is not <c>1</c>); an integer expected needs an integer (not <c>1.0</c>).</item>
/// <item>A float expected accepts a float or an integer within a relative tolerance: the only inexact comparison.</item>
/// <item>Strings are compared exactly, so text with a missing or extra line (or trailing newline) is wrong.</item>
/// <item>Lists compare item by item, lengths equal; dictionaries by their key sets and the value of each key.</item>
/// </list>
/// </summary>
public static class TypedEquality
{
    public static bool Equal(PlainValue expected, PlainValue actual, double floatTolerance) => (expected, actual) switch
    {
        (PlainNull, PlainNull) => true,
        (PlainBool e, PlainBool a) => e.Value == a.Value,
        (PlainInt e, PlainInt a) => e.Value == a.Value,
        (PlainFloat e, PlainFloat a) => Close(e.Value, a.Value, floatTolerance),
        (PlainFloat e, PlainInt a) => Close(e.Value, (double)a.Value, floatTolerance),
        (PlainString e, PlainString a) => string.Equals(e.Value, a.Value, StringComparison.Ordinal),
        (PlainList e, PlainList a) => ListsEqual(e, a, floatTolerance),
        (PlainDict e, PlainDict a) => DictsEqual(e, a, floatTolerance),
        _ => false,
    };

    private static bool Close(double expected, double actual, double tolerance) =>
        Math.Abs(expected - actual) <= tolerance * Math.Max(1.0, Math.Abs(expected));

    private static bool ListsEqual(PlainList expected, PlainList actual, double tolerance)
    {
        if (expected.Items.Count != actual.Items.Count)
        {
            return false;
        }

        for (var i = 0; i < expected.Items.Count; i++)
        {
            if (!Equal(expected.Items[i], actual.Items[i], tolerance))
            {
                return false;
            }
        }

        return true;
    }

    private static bool DictsEqual(PlainDict expected, PlainDict actual, double tolerance)
    {
        if (expected.Entries.Count != actual.Entries.Count)
        {
            return false;
        }

        var byKey = actual.Entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        return expected.Entries.All(e => byKey.TryGetValue(e.Key, out var value) && Equal(e.Value, value, tolerance));
    }
}
