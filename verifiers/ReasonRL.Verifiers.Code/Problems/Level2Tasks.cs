namespace ReasonRL.Verifiers.Code.Problems;

/// <summary>Difficulty 2: one filter, map or count over the input.</summary>
internal static class Level2Tasks
{
    public static IReadOnlyList<CodeTask> All { get; } =
    [
        new()
        {
            Name = "keep_even", Difficulty = 2, Signature = "xs",
            Describe = _ => "returns the even items of xs, in order",
            Plan = _ => "Keep each item x with x % 2 == 0.",
            Body = _ => "return [x for x in xs if x % 2 == 0]",
            Arguments = (r, _) => [Draw.Ints(r, 3, 6)],
            Solve = (a, _) => Arg.Ints(a[0]).Where(x => x % 2 == 0).ToList(),
            EdgeCases = [[new List<int>()], [new List<int> { 1, 3 }], [new List<int> { -2, 0 }]],
        },
        new()
        {
            Name = "scale_by_k", Difficulty = 2, Signature = "xs",
            Parameter = r => r.NextInt(2, 5),
            Describe = k => $"returns xs with every item multiplied by {k}",
            Plan = k => $"Multiply each item by {k}, keeping the order.",
            Body = k => $"return [x * {k} for x in xs]",
            Arguments = (r, _) => [Draw.Ints(r, 2, 5)],
            Solve = (a, k) => Arg.Ints(a[0]).Select(x => x * k).ToList(),
            EdgeCases = [[new List<int>()], [new List<int> { 0, -1 }]],
        },
        new()
        {
            Name = "count_value", Difficulty = 2, Signature = "xs, x",
            Describe = _ => "returns how many times x occurs in xs",
            Plan = _ => "Count the items equal to x.",
            Body = _ => "return xs.count(x)",
            Arguments = (r, _) => [Draw.Ints(r, 2, 6, 0, 4), Draw.Int(r, 0, 4)],
            Solve = (a, _) => Arg.Ints(a[0]).Count(x => x == Arg.Int(a[1])),
            EdgeCases = [[new List<int>(), 1], [new List<int> { 2, 2, 2 }, 2]],
        },
        new()
        {
            Name = "count_vowels", Difficulty = 2, Signature = "s",
            Describe = _ => "returns the number of vowels (a, e, i, o, u) in s",
            Plan = _ => "Count the characters of s that are in 'aeiou'.",
            Body = _ => "return sum(1 for c in s if c in 'aeiou')",
            Arguments = (r, _) => [Draw.Word(r, 2, 7)],
            Solve = (a, _) => Arg.Text(a[0]).Count(c => "aeiou".Contains(c)),
            EdgeCases = [[""], ["xyz"], ["aeiou"]],
        },
        new()
        {
            Name = "sum_squares", Difficulty = 2, Signature = "xs",
            Describe = _ => "returns the sum of the squares of the items of xs",
            Plan = _ => "Square each item, then add them up.",
            Body = _ => "return sum(x * x for x in xs)",
            Arguments = (r, _) => [Draw.Ints(r, 2, 4)],
            Solve = (a, _) => Arg.Ints(a[0]).Sum(x => x * x),
            EdgeCases = [[new List<int>()], [new List<int> { -3 }]],
        },
        new()
        {
            Name = "keep_positive", Difficulty = 2, Signature = "xs",
            Describe = _ => "returns the items of xs that are greater than 0, in order",
            Plan = _ => "Keep each item x with x > 0.",
            Body = _ => "return [x for x in xs if x > 0]",
            Arguments = (r, _) => [Draw.Ints(r, 3, 6)],
            Solve = (a, _) => Arg.Ints(a[0]).Where(x => x > 0).ToList(),
            EdgeCases = [[new List<int>()], [new List<int> { 0, -1 }]],
        },
        new()
        {
            Name = "is_palindrome", Difficulty = 2, Signature = "s",
            Describe = _ => "returns True if s reads the same backwards, else False",
            Plan = _ => "Compare s with its reverse.",
            Body = _ => "return s == s[::-1]",
            Arguments = (r, _) =>
            {
                var half = Draw.Word(r, 1, 3, "abc");
                return [r.NextBool(0.5) ? half + new string([.. half.Reverse()]) : Draw.Word(r, 2, 5, "abc")];
            },
            Solve = (a, _) => Arg.Text(a[0]).SequenceEqual(Arg.Text(a[0]).Reverse()),
            EdgeCases = [[""], ["a"], ["ab"], ["aba"]],
        },
        new()
        {
            Name = "sum_digits", Difficulty = 2, Signature = "n",
            Describe = _ => "returns the sum of the digits of n (n >= 0)",
            Plan = _ => "Turn n into text and add up its digits.",
            Body = _ => "return sum(int(d) for d in str(n))",
            Arguments = (r, _) => [Draw.Int(r, 10, 99999)],
            Solve = (a, _) => Arg.Int(a[0]).ToString().Sum(c => c - '0'),
            EdgeCases = [[0], [7], [1000]],
        },
        new()
        {
            Name = "count_greater", Difficulty = 2, Signature = "xs",
            Parameter = r => r.NextInt(0, 5),
            Describe = k => $"returns how many items of xs are greater than {k}",
            Plan = k => $"Count the items x with x > {k}.",
            Body = k => $"return sum(1 for x in xs if x > {k})",
            Arguments = (r, _) => [Draw.Ints(r, 2, 6)],
            Solve = (a, k) => Arg.Ints(a[0]).Count(x => x > k),
            EdgeCases = [[new List<int>()], [new List<int> { 9, 9 }]],
        },
        new()
        {
            Name = "last_item", Difficulty = 2, Signature = "xs",
            Describe = _ => "returns the last item of the non-empty list xs",
            Plan = _ => "Index the list at -1.",
            Body = _ => "return xs[-1]",
            Arguments = (r, _) => [Draw.Ints(r, 2, 5)],
            Solve = (a, _) => Arg.Ints(a[0])[^1],
            EdgeCases = [[new List<int> { 6 }]],
        },
    ];
}
