using System.Numerics;
using ReasonRL.Core.Randomness;
using ReasonRL.Verifiers.Code.Values;

namespace ReasonRL.Verifiers.Code.Problems;

/// <summary>
/// Plausible wrong values for the "steps with verification" style: an int off by one or two, a dropped or
/// swapped item, a changed letter. Always different from the value it starts from (by <see cref="TypedEquality"/>).
/// </summary>
internal static class ValueMistakes
{
    public static PlainValue Near(PlainValue value, DeterministicRandom random)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var wrong = Perturb(value, random);
            if (!TypedEquality.Equal(value, wrong, 0.0))
            {
                return wrong;
            }
        }

        return value is PlainList list ? new PlainList([.. list.Items, new PlainInt(0)]) : new PlainString("?");
    }

    private static PlainValue Perturb(PlainValue value, DeterministicRandom random) => value switch
    {
        PlainBool b => new PlainBool(!b.Value),
        PlainInt i => new PlainInt(i.Value + (random.NextBool(0.5) ? 1 : -1) * random.NextInt(1, 2)),
        PlainFloat f => new PlainFloat(f.Value + 0.5),
        PlainString s => PerturbText(s.Value, random),
        PlainList l => PerturbList(l.Items, random),
        PlainDict d when d.Entries.Count > 0 => PerturbDict(d.Entries, random),
        PlainDict => new PlainDict([new("a", new PlainInt(1))]),
        _ => new PlainInt(BigInteger.Zero),
    };

    private static PlainString PerturbText(string text, DeterministicRandom random)
    {
        if (text.Length == 0)
        {
            return new PlainString("a");
        }

        var chars = text.ToCharArray();
        var i = random.NextInt(chars.Length);
        switch (random.NextInt(3))
        {
            case 0:
                return new PlainString(text.Remove(i, 1));
            case 1 when chars.Length > 1:
                var j = i == chars.Length - 1 ? i - 1 : i + 1;
                (chars[i], chars[j]) = (chars[j], chars[i]);
                return new PlainString(new string(chars));
            default:
                chars[i] = char.IsDigit(chars[i]) ? (char)('0' + ((chars[i] - '0' + 1) % 10)) : chars[i] == 'z' ? 'a' : (char)(chars[i] + 1);
                return new PlainString(new string(chars));
        }
    }

    private static PlainList PerturbList(IReadOnlyList<PlainValue> items, DeterministicRandom random)
    {
        if (items.Count == 0)
        {
            return new PlainList([new PlainInt(0)]);
        }

        var copy = items.ToList();
        var i = random.NextInt(copy.Count);
        switch (random.NextInt(3))
        {
            case 0:
                copy.RemoveAt(i);
                break;
            case 1 when copy.Count > 1:
                var j = i == copy.Count - 1 ? i - 1 : i + 1;
                (copy[i], copy[j]) = (copy[j], copy[i]);
                break;
            default:
                copy[i] = Perturb(copy[i], random);
                break;
        }

        return new PlainList(copy);
    }

    private static PlainDict PerturbDict(IReadOnlyList<KeyValuePair<string, PlainValue>> entries, DeterministicRandom random)
    {
        var copy = entries.ToList();
        var i = random.NextInt(copy.Count);
        copy[i] = new(copy[i].Key, Perturb(copy[i].Value, random));
        return new PlainDict(copy);
    }
}
