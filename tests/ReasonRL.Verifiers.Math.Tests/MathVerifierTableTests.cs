using ReasonRL.Core.Records;

namespace ReasonRL.Verifiers.Math.Tests;

public sealed class MathVerifierTableTests
{
    public static TheoryData<string, string, string, bool> Table()
    {
        var data = new TheoryData<string, string, string, bool>();
        foreach (var (category, gold, predicted, equal) in EquivalenceTable.Rows)
        {
            data.Add(category, gold, predicted, equal);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Verdicts_match_the_table(string category, string gold, string predicted, bool equal)
    {
        var verdict = new MathVerifier().Compare(gold, predicted);

        Assert.True(
            verdict.IsCorrect == equal && verdict.Outcome is Outcome.Correct or Outcome.Incorrect or Outcome.BadFormat,
            $"{category}: gold {gold} vs {predicted}: expected {(equal ? "correct" : "not correct")}, got {verdict.Outcome} ({verdict.Detail})");
    }

    [Fact]
    public void The_table_is_large_and_mostly_about_telling_answers_apart()
    {
        var rows = EquivalenceTable.Rows.ToList();

        Assert.True(rows.Count >= 300, $"{rows.Count} rows");
        Assert.True(rows.Count(r => !r.Equal) >= 90, $"{rows.Count(r => !r.Equal)} non-equivalent rows");
        Assert.Equal(10, rows.Select(r => r.Category).Distinct().Count());
    }
}
