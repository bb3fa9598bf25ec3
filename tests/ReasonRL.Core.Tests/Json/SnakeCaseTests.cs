using ReasonRL.Core.Json;
using ReasonRL.Core.Records;

namespace ReasonRL.Core.Tests.Json;

public class SnakeCaseTests
{
    [Theory]
    [InlineData("BadFormat", "bad_format")]
    [InlineData("LearningRate", "learning_rate")]
    [InlineData("DModel", "d_model")]
    [InlineData("Beta1", "beta1")]
    [InlineData("StepsWithVerification", "steps_with_verification")]
    [InlineData("KlBeta", "kl_beta")]
    [InlineData("Id", "id")]
    public void Converts_pascal_case_names(string pascal, string snake) => Assert.Equal(snake, SnakeCase.From(pascal));

    [Fact]
    public void Parses_enum_values_by_their_snake_case_name()
    {
        Assert.True(SnakeCase.TryParseEnum<Outcome>("bad_format", out var outcome));
        Assert.Equal(Outcome.BadFormat, outcome);
        Assert.False(SnakeCase.TryParseEnum<Outcome>("BadFormat", out _));
        Assert.False(SnakeCase.TryParseEnum<Outcome>("badformat", out _));
    }
}
