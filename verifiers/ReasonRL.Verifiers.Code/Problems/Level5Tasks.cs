namespace ReasonRL.Verifiers.Code.Problems;

/// <summary>Difficulty 5: a small classic algorithm (Kadane, a stack counter, pairs, nested lists, a dictionary).</summary>
internal static class Level5Tasks
{
    public static IReadOnlyList<CodeTask> All { get; } =
    [
        new()
        {
            Name = "max_subarray", Difficulty = 5, Signature = "xs",
            Describe = _ => "returns the largest sum of a non-empty run of consecutive items of the non-empty list xs",
            Plan = _ => "Kadane: the best run ending here is max(x, best ending before + x); keep the best seen.",
            Body = _ => """
            best = xs[0]
            current = 0
            for x in xs:
                current = max(x, current + x)
                best = max(best, current)
            return best
            """,
            Arguments = (r, _) => [Draw.Ints(r, 3, 6)],
            Solve = (a, _) => MaxSubarray(Arg.Ints(a[0])),
            EdgeCases = [[new List<int> { -4 }], [new List<int> { -2, -1, -3 }], [new List<int> { 2, -1, 2 }]],
        },
        new()
        {
            Name = "balanced", Difficulty = 5, Signature = "s",
            Describe = _ => "returns True if the parentheses in s are balanced, else False",
            Plan = _ => "Count the depth: +1 for '(' and -1 for ')'; it must never go below 0 and must end at 0.",
            Body = _ => """
            depth = 0
            for c in s:
                depth += 1 if c == '(' else -1
                if depth < 0:
                    return False
            return depth == 0
            """,
            Arguments = (r, _) => [r.NextBool(0.5) ? BalancedText(r, r.NextInt(1, 3)) : Draw.Word(r, 2, 6, "()")],
            Solve = (a, _) => IsBalanced(Arg.Text(a[0])),
            EdgeCases = [[""], [")("], ["(()"]],
        },
        new()
        {
            Name = "common_prefix", Difficulty = 5, Signature = "words",
            Describe = _ => "returns the longest common prefix of the non-empty list of strings words",
            Plan = _ => "Start from the first word and shorten it until every word starts with it.",
            Body = _ => """
            prefix = words[0]
            for w in words[1:]:
                while not w.startswith(prefix):
                    prefix = prefix[:-1]
            return prefix
            """,
            Arguments = (r, _) =>
            {
                var stem = Draw.Word(r, 0, 3, "ab");
                return [Enumerable.Range(0, r.NextInt(2, 3)).Select(_ => stem + Draw.Word(r, 0, 3, "abc")).ToList()];
            },
            Solve = (a, _) => CommonPrefix(Arg.Texts(a[0])),
            EdgeCases = [[new List<string> { "abc" }], [new List<string> { "ab", "" }], [new List<string> { "ca", "cb" }]],
        },
        new()
        {
            Name = "transpose", Difficulty = 5, Signature = "rows",
            Describe = _ => "returns the transpose of the matrix rows (a non-empty list of equal-length lists)",
            Plan = _ => "Column j of the input becomes row j of the output.",
            Body = _ => "return [list(col) for col in zip(*rows)]",
            Arguments = (r, _) =>
            {
                var columns = r.NextInt(1, 3);
                return [Enumerable.Range(0, r.NextInt(1, 3)).Select(_ => Draw.Ints(r, columns, columns, 0, 9)).ToList()];
            },
            Solve = (a, _) => Enumerable.Range(0, Arg.Rows(a[0])[0].Count).Select(j => Arg.Rows(a[0]).Select(row => row[j]).ToList()).ToList(),
            EdgeCases = [[new List<List<int>> { new() { 1, 2, 3 } }], [new List<List<int>> { new() { 1 }, new() { 2 } }]],
        },
        new()
        {
            Name = "flatten", Difficulty = 5, Signature = "lists",
            Describe = _ => "returns the items of the lists in lists, in order, as one list",
            Plan = _ => "Walk the outer list and then each inner list, collecting the items.",
            Body = _ => "return [x for inner in lists for x in inner]",
            Arguments = (r, _) => [Enumerable.Range(0, r.NextInt(2, 3)).Select(_ => Draw.Ints(r, 0, 3, 0, 9)).ToList()],
            Solve = (a, _) => Arg.Rows(a[0]).SelectMany(row => row).ToList(),
            EdgeCases = [[new List<List<int>>()], [new List<List<int>> { new(), new() }]],
        },
        new()
        {
            Name = "anagrams", Difficulty = 5, Signature = "a, b",
            Describe = _ => "returns True if a and b contain the same letters the same number of times, else False",
            Plan = _ => "Sort the letters of both strings and compare.",
            Body = _ => "return sorted(a) == sorted(b)",
            Arguments = (r, _) =>
            {
                var a = Draw.Word(r, 2, 5, "abcd");
                var letters = a.ToList();
                r.Shuffle(letters);
                return [a, r.NextBool(0.5) ? new string([.. letters]) : Draw.Word(r, 2, 5, "abcd")];
            },
            Solve = (a, _) => Arg.Text(a[0]).Order().SequenceEqual(Arg.Text(a[1]).Order()),
            EdgeCases = [["", ""], ["ab", "abb"], ["abc", "cba"]],
        },
        new()
        {
            Name = "two_sum", Difficulty = 5, Signature = "xs, target",
            Describe = _ => "returns [i, j] with i < j for the first pair of items of xs (by i, then j) that add up to target",
            Plan = _ => "Try every pair i < j in order and return the first whose items sum to target.",
            Body = _ => """
            for i in range(len(xs)):
                for j in range(i + 1, len(xs)):
                    if xs[i] + xs[j] == target:
                        return [i, j]
            return []
            """,
            Arguments = (r, _) =>
            {
                var xs = Draw.Ints(r, 3, 5, 0, 9);
                var i = r.NextInt(xs.Count - 1);
                return [xs, xs[i] + xs[r.NextInt(i + 1, xs.Count - 1)]];
            },
            Solve = (a, _) => TwoSum(Arg.Ints(a[0]), Arg.Int(a[1])),
            EdgeCases = [[new List<int> { 1, 2 }, 3], [new List<int> { 5, 5, 5 }, 10]],
        },
        new()
        {
            Name = "char_counts", Difficulty = 5, Signature = "s",
            Describe = _ => "returns a dict mapping each character of s to how many times it occurs",
            Plan = _ => "Walk s, adding 1 to the count of each character, starting from 0.",
            Body = _ => """
            counts = {}
            for c in s:
                counts[c] = counts.get(c, 0) + 1
            return counts
            """,
            Arguments = (r, _) => [Draw.Word(r, 2, 6, "abc")],
            Solve = (a, _) => Arg.Text(a[0]).GroupBy(c => c).Select(g => new KeyValuePair<string, int>(g.Key.ToString(), g.Count())).ToList(),
            EdgeCases = [[""], ["zz"]],
        },
        new()
        {
            Name = "pascal_row", Difficulty = 5, Signature = "n",
            Describe = _ => "returns row n of Pascal's triangle, where row 0 is [1]",
            Plan = _ => "Start from [1]; n times, add the row shifted right to the row shifted left.",
            Body = _ => """
            row = [1]
            for _ in range(n):
                row = [a + b for a, b in zip([0] + row, row + [0])]
            return row
            """,
            Arguments = (r, _) => [Draw.Int(r, 2, 9)],
            Solve = (a, _) => PascalRow(Arg.Int(a[0])),
            EdgeCases = [[0], [1]],
        },
    ];

    private static int MaxSubarray(IReadOnlyList<int> xs)
    {
        int best = xs[0], current = 0;
        foreach (var x in xs)
        {
            current = Math.Max(x, current + x);
            best = Math.Max(best, current);
        }

        return best;
    }

    private static string BalancedText(ReasonRL.Core.Randomness.DeterministicRandom random, int pairs) =>
        pairs == 0 ? "" : random.NextBool(0.5) ? "(" + BalancedText(random, pairs - 1) + ")" : "()" + BalancedText(random, pairs - 1);

    private static bool IsBalanced(string s)
    {
        var depth = 0;
        foreach (var c in s)
        {
            depth += c == '(' ? 1 : -1;
            if (depth < 0)
            {
                return false;
            }
        }

        return depth == 0;
    }

    private static string CommonPrefix(IReadOnlyList<string> words)
    {
        var prefix = words[0];
        foreach (var word in words.Skip(1))
        {
            while (!word.StartsWith(prefix, StringComparison.Ordinal))
            {
                prefix = prefix[..^1];
            }
        }

        return prefix;
    }

    private static List<int> TwoSum(IReadOnlyList<int> xs, int target)
    {
        for (var i = 0; i < xs.Count; i++)
        {
            for (var j = i + 1; j < xs.Count; j++)
            {
                if (xs[i] + xs[j] == target)
                {
                    return [i, j];
                }
            }
        }

        return [];
    }

    private static List<int> PascalRow(int n)
    {
        List<int> row = [1];
        for (var i = 0; i < n; i++)
        {
            row = [.. row.Prepend(0).Zip(row.Append(0), (a, b) => a + b)];
        }

        return row;
    }
}
