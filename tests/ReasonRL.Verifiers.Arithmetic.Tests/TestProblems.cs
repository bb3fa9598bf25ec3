using System.Text.Json;
using ReasonRL.Core.Json;
using ReasonRL.Core.Records;

namespace ReasonRL.Verifiers.Arithmetic.Tests;

/// <summary>Hand-made problems for verifier tables.</summary>
internal static class TestProblems
{
    public static Problem Make(string family, object reference) => new()
    {
        Id = "t-1",
        Family = family,
        Prompt = "p",
        Reference = JsonSerializer.SerializeToElement(reference, RecordJson.Options),
    };

    public static Problem Arithmetic(string expression, string answer) =>
        Make("arithmetic", new ArithmeticReference(expression, answer));
}
