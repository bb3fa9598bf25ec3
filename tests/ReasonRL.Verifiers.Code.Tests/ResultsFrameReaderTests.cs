using System.Text;
using ReasonRL.Core.Records;
using ReasonRL.Verifiers.Code.Values;
using ReasonRL.Verifiers.Code.Verification;

namespace ReasonRL.Verifiers.Code.Tests;

/// <summary>The host's reading of a results frame, on hand-made bytes: what an honest driver writes is read; anything else is refused with a flag.</summary>
public sealed class ResultsFrameReaderTests
{
    private const string Nonce = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void What_the_driver_writes_is_read_into_typed_records()
    {
        var frame = Read(Frame(
            """{"loaded":true}""",
            """{"ok":[1,2.5,"a\u00e9\ud83d\ude00",null,true,{"k":-7}]}""",
            """{"raised":"ValueError"}""",
            """{"raised":"MemoryError","memory":true}""",
            """{"raised":"Mine","user_type":true}""",
            """{"non_plain":"tuple"}""",
            """{"too_large":true}""",
            """{"exit":true}"""), tests: 7);

        Assert.Equal(LoadOutcome.Loaded, frame.Load.Outcome);
        Assert.Equal(
            [TestOutcome.Returned, TestOutcome.Raised, TestOutcome.Raised, TestOutcome.Raised, TestOutcome.NonPlain, TestOutcome.TooLarge, TestOutcome.ExitAttempt],
            frame.Tests.Select(t => t.Outcome));
        Assert.Equal("[1,2.5,'a\u00e9\U0001F600',None,True,{'k':-7}]", PythonLiteral.Format(frame.Tests[0].Value!));
        Assert.True(frame.Tests[2].MemoryError);
        Assert.True(frame.Tests[3].UserType);
        Assert.Equal("tuple", frame.Tests[4].TypeName);
    }

    [Theory]
    [InlineData("""{"exit":true}""", LoadOutcome.ExitAttempt)]
    [InlineData("""{"raised":"SyntaxError"}""", LoadOutcome.Raised)]
    [InlineData("""{"no_entry":true}""", LoadOutcome.NoEntryPoint)]
    public void A_failed_load_carries_no_test_records(string load, LoadOutcome outcome) =>
        Assert.Equal(outcome, Read(Frame(load), tests: 3).Load.Outcome);

    [Theory]
    // Not what the driver writes: the program wrote to the channel, or rewrote the driver.
    [InlineData("""{"nonce":"ffffffffffffffffffffffffffffffff","load":{"loaded":true},"tests":[]}""", VerdictFlags.SchemaViolation)]
    [InlineData("""{"load":{"loaded":true},"tests":[]}""", VerdictFlags.SchemaViolation)]
    [InlineData("""{"nonce":"NONCE","nonce":"NONCE","load":{"loaded":true},"tests":[]}""", VerdictFlags.SchemaViolation)]
    [InlineData("""{"nonce":"NONCE","load":{"loaded":true},"tests":[],"extra":1}""", VerdictFlags.SchemaViolation)]
    [InlineData("""{"nonce":"NONCE","load":{"loaded":true},"tests":[{"ok":1}]} {}""", VerdictFlags.SchemaViolation)]
    [InlineData("""{"nonce":"NONCE","load":{"loaded":true,"exit":true},"tests":[{"ok":1}]}""", VerdictFlags.SchemaViolation)]
    [InlineData("""{"nonce":"NONCE","load":{"loaded":false},"tests":[{"ok":1}]}""", VerdictFlags.SchemaViolation)]
    [InlineData("""{"nonce":"NONCE","load":{"loaded":true,"memory":true},"tests":[{"ok":1}]}""", VerdictFlags.SchemaViolation)]
    [InlineData("""{"nonce":"NONCE","load":{"raised":"E"},"tests":[{"ok":1}]}""", VerdictFlags.SchemaViolation)]
    [InlineData("""{"nonce":"NONCE","load":{"loaded":true},"tests":[{"ok":1,"ok":2}]}""", VerdictFlags.SchemaViolation)]
    [InlineData("""{"nonce":"NONCE","load":{"loaded":true},"tests":[{"ok":1,"exit":true}]}""", VerdictFlags.SchemaViolation)]
    [InlineData("""{"nonce":"NONCE","load":{"loaded":true},"tests":[{"non_plain":"t","memory":true}]}""", VerdictFlags.SchemaViolation)]
    [InlineData("""{"nonce":"NONCE","load":{"loaded":true},"tests":[{"loaded":true}]}""", VerdictFlags.SchemaViolation)]
    [InlineData("""{"nonce":"NONCE","load":{"loaded":true},"tests":[[1]]}""", VerdictFlags.SchemaViolation)]
    [InlineData("""{"nonce":"NONCE","load":{"loaded":true},"tests":[{"ok":{"a":1,"a":2}}]}""", VerdictFlags.SchemaViolation)]
    [InlineData("""{"nonce":"NONCE","load":{"loaded":true},"tests":[{"ok":1e999}]}""", VerdictFlags.SchemaViolation)]
    [InlineData("""{"nonce":"NONCE","load":{"loaded":true},"tests":[{"ok":NaN}]}""", VerdictFlags.SchemaViolation)]
    [InlineData("""{"nonce":"NONCE","load":{"loaded":true},"tests":[{"ok":[1,]}]}""", VerdictFlags.SchemaViolation)]
    [InlineData("""{"nonce":"NONCE","load":{"loaded":true},"tests":[{"ok":1}""", VerdictFlags.SchemaViolation)]
    [InlineData("", VerdictFlags.SchemaViolation)]
    [InlineData("""{"nonce":"NONCE","load":{"loaded":true},"tests":[{"ok":"\ud800"}]}""", VerdictFlags.InvalidEncoding)]
    [InlineData("""{"nonce":"NONCE","load":{"loaded":true},"tests":[{"ok":"\udc00\ud800"}]}""", VerdictFlags.InvalidEncoding)]
    [InlineData("""{"nonce":"NONCE","load":{"loaded":true},"tests":[{"ok":{"\udfff":1}}]}""", VerdictFlags.InvalidEncoding)]
    [InlineData("""{"nonce":"NONCE","load":{"loaded":true},"tests":[{"raised":"\ud83d"}]}""", VerdictFlags.InvalidEncoding)]
    [InlineData("""{"nonce":"\udc00","load":{"loaded":true},"tests":[{"ok":1}]}""", VerdictFlags.InvalidEncoding)]
    [InlineData("""{"nonce":"NONCE","load":{"loaded":true},"tests":[{"ok":"caf\u00e9"}]}""", null)]
    public void Anything_else_is_refused_with_the_flag_that_names_the_problem(string frame, string? flag)
    {
        var bytes = Encoding.ASCII.GetBytes(frame.Replace("NONCE", Nonce, StringComparison.Ordinal));

        if (flag is null)
        {
            Assert.Equal(TestOutcome.Returned, ResultsFrameReader.Read(bytes, Nonce, 1, 32).Tests[0].Outcome);
        }
        else
        {
            var refused = Assert.Throws<FrameRejectedException>(() => ResultsFrameReader.Read(bytes, Nonce, 1, 32));
            Assert.Equal(flag, refused.Flag);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0xA9 })]
    [InlineData(new byte[] { 0xFF, 0xFE })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0x80 })]
    public void A_byte_outside_ascii_is_an_encoding_problem_whether_or_not_it_is_valid_utf8(byte[] inside)
    {
        var frame = Encoding.ASCII.GetBytes(Frame("""{"loaded":true}""", """{"ok":"XX"}""")).ToList();
        var at = frame.IndexOf((byte)'X');
        frame.RemoveRange(at, 2);
        frame.InsertRange(at, inside);

        var refused = Assert.Throws<FrameRejectedException>(() => ResultsFrameReader.Read(frame.ToArray(), Nonce, 1, 32));

        Assert.Equal(VerdictFlags.InvalidEncoding, refused.Flag);
    }

    [Theory]
    [InlineData(4300, null)]
    [InlineData(4301, VerdictFlags.FrameLimit)]
    [InlineData(1_000_000, VerdictFlags.FrameLimit)]
    public void Integers_are_bounded_by_their_digits_before_they_are_read(int digits, string? flag)
    {
        var frame = Encoding.ASCII.GetBytes(Frame("""{"loaded":true}""", "{\"ok\":-" + new string('7', digits) + "}"));

        if (flag is null)
        {
            Assert.Equal(digits, ((PlainInt)ResultsFrameReader.Read(frame, Nonce, 1, 32).Tests[0].Value!).Value.ToString().Length - 1);
        }
        else
        {
            Assert.Equal(flag, Assert.Throws<FrameRejectedException>(() => ResultsFrameReader.Read(frame, Nonce, 1, 32)).Flag);
        }
    }

    [Theory]
    [InlineData("1.3333333333333333333333333333333", VerdictFlags.FrameLimit)]
    [InlineData("-2.2250738585072014e-308", null)]
    public void Other_numbers_are_bounded_by_their_length(string number, string? flag)
    {
        var frame = Encoding.ASCII.GetBytes(Frame("""{"loaded":true}""", $"{{\"ok\":{number}}}"));

        var refused = Record.Exception(() => ResultsFrameReader.Read(frame, Nonce, 1, 32));

        Assert.Equal(flag, (refused as FrameRejectedException)?.Flag);
    }

    [Theory]
    [InlineData(32, null)]
    [InlineData(33, VerdictFlags.FrameLimit)]
    [InlineData(100_000, VerdictFlags.FrameLimit)]
    public void Nesting_is_bounded_by_the_driver_s_own_depth_limit(int depth, string? flag)
    {
        var value = new string('[', depth) + new string(']', depth);
        var frame = Encoding.ASCII.GetBytes(Frame("""{"loaded":true}""", $"{{\"ok\":{value}}}"));

        var refused = Record.Exception(() => ResultsFrameReader.Read(frame, Nonce, 1, 32));

        Assert.Equal(flag, (refused as FrameRejectedException)?.Flag);
    }

    [Fact]
    public void A_frame_of_a_few_hundred_thousand_tiny_values_is_read_and_shortened_cheaply()
    {
        var value = "[" + string.Join(",", Enumerable.Repeat("0", 400_000)) + "]";
        var frame = Encoding.ASCII.GetBytes(Frame("""{"loaded":true}""", $"{{\"ok\":{value}}}"));

        var read = ResultsFrameReader.Read(frame, Nonce, 1, 32);

        Assert.Equal("[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,...", PythonLiteral.Short(read.Tests[0].Value!));
    }

    [Theory]
    [InlineData("ab\U0001F600cdef", 6, "ab...")]
    [InlineData("ab\U0001F600cdef", 7, "ab\U0001F600...")]
    [InlineData("short", 12, "short")]
    public void Shortened_text_never_cuts_a_surrogate_pair_in_half(string text, int maxChars, string expected) =>
        Assert.Equal(expected, TextCut.Shorten(text, maxChars));

    private static ResultsFrame Read(string frame, int tests) => ResultsFrameReader.Read(Encoding.ASCII.GetBytes(frame), Nonce, tests, 32);

    private static string Frame(string load, params string[] tests) =>
        $$"""{"nonce":"{{Nonce}}","load":{{load}},"tests":[{{string.Join(",", tests)}}]}""";
}
