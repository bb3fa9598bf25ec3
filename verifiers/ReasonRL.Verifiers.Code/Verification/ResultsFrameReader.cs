using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using ReasonRL.Core.Records;
using ReasonRL.Verifiers.Code.Values;

namespace ReasonRL.Verifiers.Code.Verification;

/// <summary>
/// Reads a child's results frame, trusting none of it: every byte either fits the exact shape the fork server's driver
/// writes or the frame is refused with the flag that names why (<see cref="FrameRejectedException"/>). The work is
/// bounded before anything is converted: the frame's size is capped by the reader of the connection, nesting by
/// <c>maxValueDepth</c>, integers by <see cref="MaxIntegerDigits"/> (the cost of reading an integer grows with the
/// square of its digits), other numbers by <see cref="MaxNumberChars"/>.
/// </summary>
/// <remarks>
/// The driver writes ASCII only (strings through <c>json.encoder</c>'s ASCII escaping), never an unpaired surrogate
/// (it reports such a string as not plain), never an integer over 4300 digits, and never a key twice. Anything else
/// is the program writing to the channel itself, or rewriting the driver: tampering, not an honest mistake.
/// </remarks>
public static class ResultsFrameReader
{
    /// <summary>Python's default <c>sys.int_max_str_digits</c>; the driver refuses to send longer integers whatever a program sets.</summary>
    public const int MaxIntegerDigits = 4300;

    /// <summary>Python's <c>repr</c> of a float is at most 24 characters.</summary>
    public const int MaxNumberChars = 32;

    /// <summary>Reads a frame that must carry <paramref name="nonce"/> and, when the program loaded, <paramref name="testCount"/> test records.</summary>
    /// <exception cref="FrameRejectedException">The frame is not what an honest driver writes; the only exception this throws.</exception>
    public static ResultsFrame Read(ReadOnlySpan<byte> frame, string nonce, int testCount, int maxValueDepth)
    {
        var nonAscii = frame.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
        if (nonAscii >= 0)
        {
            throw new FrameRejectedException(VerdictFlags.InvalidEncoding, $"byte 0x{frame[nonAscii]:x2} at offset {nonAscii} is not ASCII");
        }

        var reader = new Utf8JsonReader(frame, new JsonReaderOptions { MaxDepth = maxValueDepth + 8 });
        try
        {
            return ReadRoot(ref reader, nonce, testCount, maxValueDepth);
        }
        catch (JsonException e)
        {
            throw Schema($"not valid JSON at byte {reader.BytesConsumed}: {FirstSentence(e.Message)}");
        }
    }

    private static ResultsFrame ReadRoot(ref Utf8JsonReader reader, string nonce, int testCount, int maxValueDepth)
    {
        Next(ref reader, JsonTokenType.StartObject, "the results");
        bool sawNonce = false;
        LoadRecord? load = null;
        List<TestRecord>? tests = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Text(ref reader);
            switch (name)
            {
                case "nonce" when !sawNonce:
                    Next(ref reader, JsonTokenType.String, "nonce");
                    if (!string.Equals(Text(ref reader), nonce, StringComparison.Ordinal))
                    {
                        throw Schema("the results do not carry this run's nonce");
                    }

                    sawNonce = true;
                    break;
                case "load" when load is null:
                    load = ReadLoad(ref reader);
                    break;
                case "tests" when tests is null:
                    Next(ref reader, JsonTokenType.StartArray, "tests");
                    tests = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        tests.Add(ReadTest(ref reader, tests.Count, maxValueDepth));
                    }

                    break;
                default:
                    throw Schema($"unexpected or repeated field '{Shown(name)}' in the results");
            }
        }

        if (reader.Read())
        {
            throw Schema("content after the results");
        }

        if (!sawNonce)
        {
            throw Schema("the results do not carry this run's nonce");
        }

        if (load is null || tests is null)
        {
            throw Schema("the results lack 'load' or 'tests'");
        }

        var expected = load.Outcome == LoadOutcome.Loaded ? testCount : 0;
        return tests.Count == expected
            ? new ResultsFrame(load, tests)
            : throw Schema($"expected {expected} test results, got {tests.Count}");
    }

    private static readonly HashSet<string> LoadFields = new(["loaded", "exit", "raised", "no_entry", "memory", "user_type"], StringComparer.Ordinal);
    private static readonly HashSet<string> TestFields = new(["ok", "exit", "raised", "non_plain", "too_large", "memory", "user_type"], StringComparer.Ordinal);

    private static LoadRecord ReadLoad(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.StartObject, "load");
        var fields = ReadRecord(ref reader, "load", LoadFields, 0, out _);
        var outcome = fields.Single(
            "load",
            ("loaded", LoadOutcome.Loaded),
            ("exit", LoadOutcome.ExitAttempt),
            ("raised", LoadOutcome.Raised),
            ("no_entry", LoadOutcome.NoEntryPoint));
        fields.OnlyWith("load", outcome == LoadOutcome.Raised, "memory", "user_type");
        return new LoadRecord(outcome, fields.Name, fields.Memory, fields.UserType);
    }

    private static TestRecord ReadTest(ref Utf8JsonReader reader, int index, int maxValueDepth)
    {
        var where = $"test record {index + 1}";
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Schema($"{where} is not an object");
        }

        var fields = ReadRecord(ref reader, where, TestFields, maxValueDepth, out var value);
        var outcome = fields.Single(
            where,
            ("ok", TestOutcome.Returned),
            ("exit", TestOutcome.ExitAttempt),
            ("raised", TestOutcome.Raised),
            ("non_plain", TestOutcome.NonPlain),
            ("too_large", TestOutcome.TooLarge));
        fields.OnlyWith(where, outcome == TestOutcome.Raised, "memory");
        fields.OnlyWith(where, outcome is TestOutcome.Raised or TestOutcome.NonPlain, "user_type");
        return new TestRecord(outcome, value, fields.Name, fields.Memory, fields.UserType);
    }

    /// <summary>
    /// One record object (the reader on its start) of the <paramref name="allowed"/> fields: flags that must be
    /// <c>true</c>, a type name under <c>raised</c> or <c>non_plain</c>, a value under <c>ok</c>.
    /// </summary>
    private static RecordFields ReadRecord(ref Utf8JsonReader reader, string where, HashSet<string> allowed, int maxValueDepth, out PlainValue? value)
    {
        value = null;
        var fields = new RecordFields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Text(ref reader);
            if (!allowed.Contains(name))
            {
                throw Schema($"{where} has an unknown field '{Shown(name)}'");
            }

            if (!fields.Present.Add(name))
            {
                throw Schema($"{where} repeats '{name}'");
            }

            switch (name)
            {
                case "ok":
                    reader.Read();
                    value = ReadValue(ref reader, 0, maxValueDepth);
                    break;
                case "raised" or "non_plain":
                    Next(ref reader, JsonTokenType.String, $"{where}.{name}");
                    fields.Name = Text(ref reader);
                    break;
                default:
                    Next(ref reader, JsonTokenType.True, $"{where}.{name}");
                    fields.Memory |= name == "memory";
                    fields.UserType |= name == "user_type";
                    break;
            }
        }

        return fields;
    }

    /// <summary>A returned value; the reader is on its first token. Containers deeper than the driver's limit are refused unread.</summary>
    private static PlainValue ReadValue(ref Utf8JsonReader reader, int depth, int maxValueDepth)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return PlainNull.Instance;
            case JsonTokenType.True:
                return new PlainBool(true);
            case JsonTokenType.False:
                return new PlainBool(false);
            case JsonTokenType.String:
                return new PlainString(Text(ref reader));
            case JsonTokenType.Number:
                return Number(reader.ValueSpan);
            case JsonTokenType.StartArray:
                NotTooDeep(depth, maxValueDepth);
                var items = new List<PlainValue>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, depth + 1, maxValueDepth));
                }

                return new PlainList(items);
            case JsonTokenType.StartObject:
                NotTooDeep(depth, maxValueDepth);
                var entries = new List<KeyValuePair<string, PlainValue>>();
                var keys = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var key = Text(ref reader);
                    if (!keys.Add(key))
                    {
                        throw Schema($"a returned dict repeats the key '{Shown(key)}'");
                    }

                    reader.Read();
                    entries.Add(new(key, ReadValue(ref reader, depth + 1, maxValueDepth)));
                }

                return new PlainDict(entries);
            default:
                throw Schema($"unexpected {reader.TokenType} in a returned value");
        }
    }

    /// <summary>An integer unless the text has a fraction or an exponent, as Python writes them; lengths are checked before any conversion.</summary>
    private static PlainValue Number(ReadOnlySpan<byte> text)
    {
        if (text.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0)
        {
            var digits = text.Length - (text[0] == '-' ? 1 : 0);
            if (digits > MaxIntegerDigits)
            {
                throw new FrameRejectedException(VerdictFlags.FrameLimit, $"an integer of {digits} digits (the runner sends at most {MaxIntegerDigits})");
            }

            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var small)
                ? new PlainInt(small)
                : new PlainInt(BigInteger.Parse(Encoding.ASCII.GetString(text), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }

        if (text.Length > MaxNumberChars)
        {
            throw new FrameRejectedException(VerdictFlags.FrameLimit, $"a number of {text.Length} characters (Python writes a float in at most 24)");
        }

        var number = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(number) ? new PlainFloat(number) : throw Schema($"the number {Encoding.ASCII.GetString(text)} is out of range");
    }

    private static void NotTooDeep(int depth, int maxValueDepth)
    {
        if (depth >= maxValueDepth)
        {
            throw new FrameRejectedException(VerdictFlags.FrameLimit, $"a returned value nested deeper than {maxValueDepth} levels");
        }
    }

    /// <summary>The current string or property name; an unpaired surrogate escape makes it no text at all.</summary>
    private static string Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new FrameRejectedException(VerdictFlags.InvalidEncoding, "a string holds an unpaired UTF-16 surrogate");
        }
    }

    private static void Next(ref Utf8JsonReader reader, JsonTokenType expected, string what)
    {
        if (!reader.Read() || reader.TokenType != expected)
        {
            throw Schema($"{what}: expected {Describe(expected)}");
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.True => "true",
        _ => token.ToString(),
    };

    private static FrameRejectedException Schema(string message) => new(VerdictFlags.SchemaViolation, message);

    private static string Shown(string text) => TextCut.Shorten(text, 40);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    /// <summary>The fields of one record object as they are read.</summary>
    private sealed class RecordFields
    {
        public HashSet<string> Present { get; } = new(StringComparer.Ordinal);

        public string? Name { get; set; }

        public bool Memory { get; set; }

        public bool UserType { get; set; }

        /// <summary>The one outcome field present; none or several is a schema violation.</summary>
        public T Single<T>(string where, params (string Field, T Outcome)[] outcomes)
        {
            var present = outcomes.Where(o => Present.Contains(o.Field)).ToList();
            return present.Count == 1
                ? present[0].Outcome
                : throw Schema($"{where} must hold exactly one of {string.Join(", ", outcomes.Select(o => o.Field))}");
        }

        public void OnlyWith(string where, bool allowed, params string[] modifiers)
        {
            if (!allowed && modifiers.FirstOrDefault(Present.Contains) is { } modifier)
            {
                throw Schema($"{where}: '{modifier}' does not go with its outcome");
            }
        }
    }
}
