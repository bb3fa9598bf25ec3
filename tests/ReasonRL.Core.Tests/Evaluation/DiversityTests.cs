using ReasonRL.Core.Evaluation;

namespace ReasonRL.Core.Tests.Evaluation;

public class DiversityTests
{
    // Words: "a b a b" and "a b c". Unigrams: a b a b a b c → 3 distinct of 7. Bigrams: ab ba ab | ab bc → 3 distinct of 5.
    // Trigrams: aba bab | abc → 3 of 3. 4-grams: abab → 1 of 1. 5-grams: none.
    [Theory]
    [InlineData(1, 3.0 / 7)]
    [InlineData(2, 3.0 / 5)]
    [InlineData(3, 1.0)]
    [InlineData(4, 1.0)]
    public void Distinct_n_counts_distinct_word_n_grams_over_all_n_grams_of_the_set(int n, double expected)
    {
        Assert.Equal(expected, Diversity.DistinctN(["a b a b", "a  b\nc"], n)!.Value, 12);
    }

    [Fact]
    public void Distinct_n_is_undefined_without_any_n_gram()
    {
        Assert.Null(Diversity.DistinctN(["a b", "c"], 3));
        Assert.Null(Diversity.DistinctN([], 1));
    }

    [Fact]
    public void Distinct_answers_ignore_completions_without_an_answer()
    {
        Assert.Equal(2, Diversity.DistinctAnswers(["7", null, "7", "8", null]));
        Assert.Equal(0, Diversity.DistinctAnswers([null]));
    }
}
