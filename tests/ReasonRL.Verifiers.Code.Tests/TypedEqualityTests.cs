using ReasonRL.Verifiers.Code.Values;

namespace ReasonRL.Verifiers.Code.Tests;

public sealed class TypedEqualityTests
{
    [Theory]
    [InlineData("1", "1", true)]
    [InlineData("1", "true", false)]
    [InlineData("true", "1", false)]
    [InlineData("0", "false", false)]
    [InlineData("2", "2.0", false)]
    [InlineData("2.0", "2", true)]
    [InlineData("0.3", "0.30000000000000004", true)]
    [InlineData("0.3", "0.3001", false)]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890", true)]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567891", false)]
    [InlineData("\"a\\nb\"", "\"a\\nb\"", true)]
    [InlineData("\"a\\nb\\n\"", "\"a\\nb\"", false)]
    [InlineData("\"a\\nb\"", "\"a\\n\\nb\"", false)]
    [InlineData("\"abc\"", "\"abc \"", false)]
    [InlineData("null", "null", true)]
    [InlineData("null", "0", false)]
    [InlineData("[1,2]", "[1,2]", true)]
    [InlineData("[1,2]", "[2,1]", false)]
    [InlineData("[1,2]", "[1,2,3]", false)]
    [InlineData("[1,[2]]", "[1,[2.0]]", false)]
    [InlineData("{\"a\":1,\"b\":2}", "{\"b\":2,\"a\":1}", true)]
    [InlineData("{\"a\":1}", "{\"a\":1,\"b\":2}", false)]
    [InlineData("{\"a\":1}", "{\"a\":true}", false)]
    [InlineData("[]", "{}", false)]
    [InlineData("\"1\"", "1", false)]
    public void Values_compare_by_type_then_value(string expected, string actual, bool equal) =>
        Assert.Equal(equal, TypedEquality.Equal(Read(expected), Read(actual), 1e-9));

    [Theory]
    [InlineData("2.0", "2.0")]
    [InlineData("1e+16", "10000000000000000.0")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("3", "3")]
    [InlineData("[1,2.5,true,null,\"x\"]", "[1,2.5,true,null,\"x\"]")]
    public void Floats_keep_a_fraction_or_exponent_through_a_round_trip(string json, string written)
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            PlainJson.Write(writer, Read(json));
        }

        Assert.Equal(written, System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Theory]
    [InlineData("{\"a\":1,\"a\":2}")]
    [InlineData("1e999")]
    public void Duplicate_keys_and_infinite_numbers_are_refused(string json) =>
        Assert.Throws<FormatException>(() => Read(json));

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused()
    {
        var depth = PlainJson.MaxDepth + 2;
        Assert.Throws<FormatException>(() => Read(new string('[', depth) + new string(']', depth)));
        Assert.IsType<PlainList>(Read(new string('[', PlainJson.MaxDepth) + new string(']', PlainJson.MaxDepth)));
    }

    [Theory]
    [InlineData("[1,2,3]", "[1,2,3]")]
    [InlineData("\"it's\"", "'it\\'s'")]
    [InlineData("[true,false,null]", "[True,False,None]")]
    [InlineData("{\"a\":[1.5]}", "{'a':[1.5]}")]
    [InlineData("\"a\\nb\"", "'a\\nb'")]
    public void Values_are_written_as_compact_python_literals(string json, string python) =>
        Assert.Equal(python, PythonLiteral.Format(Read(json)));

    private static PlainValue Read(string json) => PlainJson.Read(SandboxFixture.Json(json));
}
