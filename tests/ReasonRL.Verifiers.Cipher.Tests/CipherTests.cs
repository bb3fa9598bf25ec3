using ReasonRL.Core.Randomness;
using ReasonRL.Verifiers.Cipher.Ciphers;

namespace ReasonRL.Verifiers.Cipher.Tests;

public class CipherTests
{
    [Fact]
    public void The_o1_example_decodes_to_think_step_by_step() =>
        Assert.Equal("think step by step", PairAverage.Decode("oyfjdnisdr rtqwainr acxz mynzbhhx"));

    [Theory]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("ab cd")]
    public void Text_that_is_not_pair_average_does_not_decode(string text) =>
        Assert.Null(PairAverage.Decode(text));

    [Fact]
    public void Pair_average_encoding_is_random_but_always_decodes_back()
    {
        var random = new DeterministicRandom(5);
        var encodings = Enumerable.Range(0, 20).Select(_ => PairAverage.Encode("think step by step", random)).ToList();

        Assert.True(encodings.Distinct().Count() > 1);
        Assert.All(encodings, e => Assert.Equal("think step by step", PairAverage.Decode(e)));
        Assert.All(encodings, e => Assert.Equal(15 * 2 + 3, e.Length));
    }

    [Fact]
    public void Every_letter_can_be_pair_encoded_including_a_and_z()
    {
        var random = new DeterministicRandom(1);
        var alphabet = "abcdefghijklmnopqrstuvwxyz";

        Assert.Equal(alphabet, PairAverage.Decode(PairAverage.Encode(alphabet, random)));
        Assert.Equal("aa", PairAverage.Encode("a", random));
        Assert.Equal("zz", PairAverage.Encode("z", random));
    }

    [Theory]
    [InlineData("hello world", 3, "khoor zruog")]
    [InlineData("xyz", 3, "abc")]
    [InlineData("abc", 25, "zab")]
    public void Caesar_shifts_letters_and_keeps_spaces(string plain, int shift, string cipher)
    {
        Assert.Equal(cipher, Caesar.Encode(plain, shift));
        Assert.Equal(plain, Caesar.Decode(cipher, shift));
    }

    [Theory]
    [InlineData("attack at dawn", "lemon", "lxfopv ef rnhr")]
    [InlineData("hello world", "abc", "hfnlp yosnd")]
    public void Vigenere_advances_the_key_on_letters_only(string plain, string key, string cipher)
    {
        Assert.Equal(cipher, Vigenere.Encode(plain, key));
        Assert.Equal(plain, Vigenere.Decode(cipher, key));
    }

    [Fact]
    public void Substitution_follows_the_table_both_ways()
    {
        const string key = "qwertyuiopasdfghjklzxcvbnm";

        Assert.Equal("itssg vgksr", Substitution.Encode("hello world", key));
        Assert.Equal("hello world", Substitution.Decode("itssg vgksr", key));
    }
}
