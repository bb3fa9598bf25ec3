namespace ReasonRL.Verifiers.Code.Problems;

/// <summary>Difficulty 1: one built-in call or one operator.</summary>
internal static class Level1Tasks
{
    public static IReadOnlyList<CodeTask> All { get; } =
    [
        new()
        {
            Name = "sum_list", Difficulty = 1, Signature = "xs",
            Describe = _ => "returns the sum of xs",
            Plan = _ => "Add up all the items; an empty list sums to 0.",
            Body = _ => "return sum(xs)",
            Arguments = (r, _) => [Draw.Ints(r, 2, 5)],
            Solve = (a, _) => Arg.Ints(a[0]).Sum(),
            EdgeCases = [[new List<int>()], [new List<int> { 5 }]],
        },
        new()
        {
            Name = "max_list", Difficulty = 1, Signature = "xs",
            Describe = _ => "returns the largest item of the non-empty list xs",
            Plan = _ => "Take the maximum of the items.",
            Body = _ => "return max(xs)",
            Arguments = (r, _) => [Draw.Ints(r, 2, 5)],
            Solve = (a, _) => Arg.Ints(a[0]).Max(),
            EdgeCases = [[new List<int> { 7 }], [new List<int> { -3, -8 }]],
        },
        new()
        {
            Name = "min_list", Difficulty = 1, Signature = "xs",
            Describe = _ => "returns the smallest item of the non-empty list xs",
            Plan = _ => "Take the minimum of the items.",
            Body = _ => "return min(xs)",
            Arguments = (r, _) => [Draw.Ints(r, 2, 5)],
            Solve = (a, _) => Arg.Ints(a[0]).Min(),
            EdgeCases = [[new List<int> { 4 }], [new List<int> { 2, 2 }]],
        },
        new()
        {
            Name = "count_items", Difficulty = 1, Signature = "xs",
            Describe = _ => "returns the number of items in xs",
            Plan = _ => "Count the items with len.",
            Body = _ => "return len(xs)",
            Arguments = (r, _) => [Draw.Ints(r, 1, 6)],
            Solve = (a, _) => Arg.Ints(a[0]).Count,
            EdgeCases = [[new List<int>()]],
        },
        new()
        {
            Name = "sort_ascending", Difficulty = 1, Signature = "xs",
            Describe = _ => "returns the list sorted ascending",
            Plan = _ => "Sort the items from smallest to largest.",
            Body = _ => "return sorted(xs)",
            Arguments = (r, _) => [Draw.Ints(r, 2, 5)],
            Solve = (a, _) => Arg.Ints(a[0]).Order().ToList(),
            EdgeCases = [[new List<int>()], [new List<int> { 1 }], [new List<int> { 2, 2, 1 }]],
        },
        new()
        {
            Name = "reverse_list", Difficulty = 1, Signature = "xs",
            Describe = _ => "returns xs reversed",
            Plan = _ => "Read the list from the end to the start.",
            Body = _ => "return xs[::-1]",
            Arguments = (r, _) => [Draw.Ints(r, 2, 5)],
            Solve = (a, _) => Arg.Ints(a[0]).Reverse().ToList(),
            EdgeCases = [[new List<int>()], [new List<int> { 3 }]],
        },
        new()
        {
            Name = "add_k", Difficulty = 1, Signature = "n",
            Parameter = r => r.NextInt(1, 9),
            Describe = k => $"returns n plus {k}",
            Plan = k => $"Add {k} to n.",
            Body = k => $"return n + {k}",
            Arguments = (r, _) => [Draw.Int(r, -20, 40)],
            Solve = (a, k) => Arg.Int(a[0]) + k,
            EdgeCases = [[0], [-1]],
        },
        new()
        {
            Name = "multiply", Difficulty = 1, Signature = "a, b",
            Describe = _ => "returns a times b",
            Plan = _ => "Multiply a by b.",
            Body = _ => "return a * b",
            Arguments = (r, _) => [Draw.Int(r, -9, 12), Draw.Int(r, -9, 12)],
            Solve = (a, _) => Arg.Int(a[0]) * Arg.Int(a[1]),
            EdgeCases = [[0, 7], [-3, -4]],
        },
        new()
        {
            Name = "square", Difficulty = 1, Signature = "n",
            Describe = _ => "returns n squared",
            Plan = _ => "Multiply n by itself.",
            Body = _ => "return n * n",
            Arguments = (r, _) => [Draw.Int(r, -12, 20)],
            Solve = (a, _) => Arg.Int(a[0]) * Arg.Int(a[0]),
            EdgeCases = [[0], [-5]],
        },
        new()
        {
            Name = "reverse_string", Difficulty = 1, Signature = "s",
            Describe = _ => "returns s reversed",
            Plan = _ => "Read the string from the end to the start.",
            Body = _ => "return s[::-1]",
            Arguments = (r, _) => [Draw.Word(r, 2, 6)],
            Solve = (a, _) => new string([.. Arg.Text(a[0]).Reverse()]),
            EdgeCases = [[""], ["a"]],
        },
        new()
        {
            Name = "upper_string", Difficulty = 1, Signature = "s",
            Describe = _ => "returns s in upper case",
            Plan = _ => "Turn every letter into its capital.",
            Body = _ => "return s.upper()",
            Arguments = (r, _) => [Draw.Word(r, 2, 6)],
            Solve = (a, _) => Arg.Text(a[0]).ToUpperInvariant(),
            EdgeCases = [[""], ["a b"]],
        },
    ];
}
