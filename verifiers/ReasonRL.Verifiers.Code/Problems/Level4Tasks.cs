using System.Text;

namespace ReasonRL.Verifiers.Code.Problems;

/// <summary>Difficulty 4: two indices, nested loops or a small encoding.</summary>
internal static class Level4Tasks
{
    public static IReadOnlyList<CodeTask> All { get; } =
    [
        new()
        {
            Name = "run_length", Difficulty = 4, Signature = "s",
            Describe = _ => "returns s run-length encoded: each run of one letter as the letter then the run's length",
            Plan = _ => "Walk s; for each run of equal letters, write the letter and how long the run is.",
            Body = _ => """
            out = ''
            i = 0
            while i < len(s):
                j = i
                while j < len(s) and s[j] == s[i]:
                    j += 1
                out += s[i] + str(j - i)
                i = j
            return out
            """,
            Arguments = (r, _) => [string.Concat(Enumerable.Range(0, r.NextInt(2, 4)).Select(_ => new string("abc"[r.NextInt(3)], r.NextInt(1, 4))))],
            Solve = (a, _) => RunLength(Arg.Text(a[0])),
            EdgeCases = [[""], ["a"], ["aaaa"]],
        },
        new()
        {
            Name = "longest_run", Difficulty = 4, Signature = "xs",
            Describe = _ => "returns the length of the longest run of equal neighbouring items in xs",
            Plan = _ => "Count the current run, restarting at 1 whenever an item differs from the one before; keep the best count.",
            Body = _ => """
            best = 0
            run = 0
            for i, x in enumerate(xs):
                run = run + 1 if i > 0 and x == xs[i - 1] else 1
                best = max(best, run)
            return best
            """,
            Arguments = (r, _) => [Draw.Ints(r, 3, 7, 0, 2)],
            Solve = (a, _) => LongestRun(Arg.Ints(a[0])),
            EdgeCases = [[new List<int>()], [new List<int> { 4 }], [new List<int> { 1, 2, 3 }]],
        },
        new()
        {
            Name = "rotate_left", Difficulty = 4, Signature = "xs, k",
            Describe = _ => "returns xs rotated left by k places (k >= 0)",
            Plan = _ => "Reduce k modulo the length, then put the first k items at the end.",
            Body = _ => """
            if not xs:
                return xs
            k %= len(xs)
            return xs[k:] + xs[:k]
            """,
            Arguments = (r, _) => [Draw.Ints(r, 2, 5), Draw.Int(r, 1, 7)],
            Solve = (a, _) => RotateLeft(Arg.Ints(a[0]), Arg.Int(a[1])),
            EdgeCases = [[new List<int>(), 3], [new List<int> { 1, 2 }, 0], [new List<int> { 1, 2, 3 }, 3]],
        },
        new()
        {
            Name = "merge_sorted", Difficulty = 4, Signature = "a, b",
            Describe = _ => "returns the sorted lists a and b merged into one sorted list",
            Plan = _ => "Walk both lists with two indices, always taking the smaller front item; then append what is left.",
            Body = _ => """
            out = []
            i = j = 0
            while i < len(a) and j < len(b):
                if a[i] <= b[j]:
                    out.append(a[i])
                    i += 1
                else:
                    out.append(b[j])
                    j += 1
            return out + a[i:] + b[j:]
            """,
            Arguments = (r, _) => [Draw.Ints(r, 1, 3).Order().ToList(), Draw.Ints(r, 1, 3).Order().ToList()],
            Solve = (a, _) => Arg.Ints(a[0]).Concat(Arg.Ints(a[1])).Order().ToList(),
            EdgeCases = [[new List<int>(), new List<int>()], [new List<int> { 1 }, new List<int>()], [new List<int>(), new List<int> { 2, 3 }]],
        },
        new()
        {
            Name = "most_frequent", Difficulty = 4, Signature = "xs",
            Describe = _ => "returns the most frequent item of the non-empty list xs, the smallest one on a tie",
            Plan = _ => "Count each distinct item; keep the one with the highest count, preferring smaller items on a tie.",
            Body = _ => """
            best = None
            for x in sorted(set(xs)):
                if best is None or xs.count(x) > xs.count(best):
                    best = x
            return best
            """,
            Arguments = (r, _) => [Draw.Ints(r, 3, 7, 0, 4)],
            Solve = (a, _) => Arg.Ints(a[0]).GroupBy(x => x).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key,
            EdgeCases = [[new List<int> { 3 }], [new List<int> { 2, 1 }]],
        },
        new()
        {
            Name = "caesar", Difficulty = 4, Signature = "s",
            Parameter = r => r.NextInt(1, 25),
            Describe = k => $"returns s with every letter shifted {k} places forward in the alphabet, z wrapping to a (spaces stay)",
            Plan = k => $"For each letter, add {k} to its position in the alphabet modulo 26; keep spaces.",
            Body = k => $"""
            out = ''
            for c in s:
                if c == ' ':
                    out += c
                else:
                    out += chr((ord(c) - 97 + {k}) % 26 + 97)
            return out
            """,
            Arguments = (r, _) => [Draw.Sentence(r, 1, 2)],
            Solve = (a, k) => new string([.. Arg.Text(a[0]).Select(c => c == ' ' ? c : (char)('a' + ((c - 'a' + k) % 26)))]),
            EdgeCases = [[""], ["xyz"]],
        },
        new()
        {
            Name = "to_binary", Difficulty = 4, Signature = "n",
            Describe = _ => "returns n written in binary as a string, without a prefix (n >= 0)",
            Plan = _ => "Python's bin(n) gives '0b...'; drop the first two characters.",
            Body = _ => "return bin(n)[2:]",
            Arguments = (r, _) => [Draw.Int(r, 2, 64)],
            Solve = (a, _) => Convert.ToString(Arg.Int(a[0]), 2),
            EdgeCases = [[0], [1], [8]],
        },
        new()
        {
            Name = "collatz_steps", Difficulty = 4, Signature = "n",
            Describe = _ => "returns how many steps of the Collatz rule (n // 2 if n is even, else 3 * n + 1) take n (n >= 1) to 1",
            Plan = _ => "Apply the rule until n is 1, counting the steps.",
            Body = _ => """
            steps = 0
            while n != 1:
                n = n // 2 if n % 2 == 0 else 3 * n + 1
                steps += 1
            return steps
            """,
            Arguments = (r, _) => [Draw.Int(r, 2, 30)],
            Solve = (a, _) => CollatzSteps(Arg.Int(a[0])),
            EdgeCases = [[1], [2], [27]],
        },
        new()
        {
            Name = "differences", Difficulty = 4, Signature = "xs",
            Describe = _ => "returns the differences between neighbouring items of xs (each item minus the one before it)",
            Plan = _ => "For each position after the first, subtract the previous item.",
            Body = _ => "return [xs[i] - xs[i - 1] for i in range(1, len(xs))]",
            Arguments = (r, _) => [Draw.Ints(r, 3, 5)],
            Solve = (a, _) => Arg.Ints(a[0]).Skip(1).Zip(Arg.Ints(a[0])).Select(p => p.First - p.Second).ToList(),
            EdgeCases = [[new List<int>()], [new List<int> { 5 }]],
        },
        new()
        {
            Name = "count_distinct", Difficulty = 4, Signature = "xs",
            Describe = _ => "returns the number of distinct items in xs",
            Plan = _ => "Put the items in a set and count it.",
            Body = _ => "return len(set(xs))",
            Arguments = (r, _) => [Draw.Ints(r, 3, 7, 0, 5)],
            Solve = (a, _) => Arg.Ints(a[0]).Distinct().Count(),
            EdgeCases = [[new List<int>()], [new List<int> { 2, 2 }]],
        },
    ];

    private static string RunLength(string s)
    {
        var output = new StringBuilder();
        for (var i = 0; i < s.Length;)
        {
            var j = i;
            while (j < s.Length && s[j] == s[i])
            {
                j++;
            }

            output.Append(s[i]).Append(j - i);
            i = j;
        }

        return output.ToString();
    }

    private static int LongestRun(IReadOnlyList<int> xs)
    {
        int best = 0, run = 0;
        for (var i = 0; i < xs.Count; i++)
        {
            run = i > 0 && xs[i] == xs[i - 1] ? run + 1 : 1;
            best = Math.Max(best, run);
        }

        return best;
    }

    private static List<int> RotateLeft(IReadOnlyList<int> xs, int k)
    {
        if (xs.Count == 0)
        {
            return [];
        }

        k %= xs.Count;
        return [.. xs.Skip(k), .. xs.Take(k)];
    }

    private static int CollatzSteps(int n)
    {
        var steps = 0;
        for (long value = n; value != 1; steps++)
        {
            value = value % 2 == 0 ? value / 2 : (3 * value) + 1;
        }

        return steps;
    }
}
