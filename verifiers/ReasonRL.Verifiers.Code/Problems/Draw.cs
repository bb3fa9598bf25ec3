using ReasonRL.Core.Randomness;

namespace ReasonRL.Verifiers.Code.Problems;

/// <summary>Small random arguments for the catalog's tasks: short lists of small ints, short lowercase words.</summary>
internal static class Draw
{
    public const string Letters = "abcdefghijklmnopqrstuvwxyz";

    public static int Int(DeterministicRandom random, int min, int max) => random.NextInt(min, max);

    public static List<int> Ints(DeterministicRandom random, int minLength, int maxLength, int min = -9, int max = 9) =>
        [.. Enumerable.Range(0, random.NextInt(minLength, maxLength)).Select(_ => random.NextInt(min, max))];

    public static string Word(DeterministicRandom random, int minLength, int maxLength, string letters = Letters) =>
        new([.. Enumerable.Range(0, random.NextInt(minLength, maxLength)).Select(_ => letters[random.NextInt(letters.Length)])]);

    /// <summary>Words of 1–5 letters separated by single spaces.</summary>
    public static string Sentence(DeterministicRandom random, int minWords, int maxWords) =>
        string.Join(" ", Enumerable.Range(0, random.NextInt(minWords, maxWords)).Select(_ => Word(random, 1, 5)));
}

/// <summary>Typed views of a task's arguments, for the reference implementations.</summary>
internal static class Arg
{
    public static IReadOnlyList<int> Ints(object value) => (IReadOnlyList<int>)value;

    public static int Int(object value) => (int)value;

    public static string Text(object value) => (string)value;

    public static IReadOnlyList<string> Texts(object value) => (IReadOnlyList<string>)value;

    public static IReadOnlyList<List<int>> Rows(object value) => (IReadOnlyList<List<int>>)value;
}
