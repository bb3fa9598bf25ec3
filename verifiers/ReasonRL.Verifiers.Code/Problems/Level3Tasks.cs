namespace ReasonRL.Verifiers.Code.Problems;

/// <summary>Difficulty 3: a loop that carries state (a running total, a seen list, two previous values).</summary>
internal static class Level3Tasks
{
    public static IReadOnlyList<CodeTask> All { get; } =
    [
        new()
        {
            Name = "prefix_sums", Difficulty = 3, Signature = "xs",
            Describe = _ => "returns the running totals of xs",
            Plan = _ => "Keep a running total; after adding each item, append the total.",
            Body = _ => """
            total = 0
            out = []
            for x in xs:
                total += x
                out.append(total)
            return out
            """,
            Arguments = (r, _) => [Draw.Ints(r, 3, 5)],
            Solve = (a, _) => RunningTotals(Arg.Ints(a[0])),
            EdgeCases = [[new List<int>()], [new List<int> { 4 }]],
        },
        new()
        {
            Name = "dedupe", Difficulty = 3, Signature = "xs",
            Describe = _ => "returns xs without repeated items, keeping first occurrences in order",
            Plan = _ => "Walk the list and keep an item only the first time it appears.",
            Body = _ => """
            seen = []
            for x in xs:
                if x not in seen:
                    seen.append(x)
            return seen
            """,
            Arguments = (r, _) => [Draw.Ints(r, 3, 7, 0, 4)],
            Solve = (a, _) => Arg.Ints(a[0]).Distinct().ToList(),
            EdgeCases = [[new List<int>()], [new List<int> { 1, 1, 1 }]],
        },
        new()
        {
            Name = "factorial", Difficulty = 3, Signature = "n",
            Describe = _ => "returns n factorial (n >= 0)",
            Plan = _ => "Multiply 1 by every number from 2 up to n.",
            Body = _ => """
            result = 1
            for i in range(2, n + 1):
                result *= i
            return result
            """,
            Arguments = (r, _) => [Draw.Int(r, 2, 12)],
            Solve = (a, _) => Enumerable.Range(1, Arg.Int(a[0])).Aggregate(1L, (p, i) => p * i),
            EdgeCases = [[0], [1]],
        },
        new()
        {
            Name = "fibonacci", Difficulty = 3, Signature = "n",
            Describe = _ => "returns the n-th Fibonacci number, counting solve(0) == 0 and solve(1) == 1",
            Plan = _ => "Step a pair (a, b) = (0, 1) forward n times as (b, a + b); the answer is a.",
            Body = _ => """
            a, b = 0, 1
            for _ in range(n):
                a, b = b, a + b
            return a
            """,
            Arguments = (r, _) => [Draw.Int(r, 2, 25)],
            Solve = (a, _) => Fibonacci(Arg.Int(a[0])),
            EdgeCases = [[0], [1], [2]],
        },
        new()
        {
            Name = "gcd", Difficulty = 3, Signature = "a, b",
            Describe = _ => "returns the greatest common divisor of a and b (both > 0)",
            Plan = _ => "Euclid: replace (a, b) by (b, a % b) until b is 0; then a is the answer.",
            Body = _ => """
            while b:
                a, b = b, a % b
            return a
            """,
            Arguments = (r, _) =>
            {
                var common = r.NextInt(1, 9);
                return [common * r.NextInt(1, 9), common * r.NextInt(1, 9)];
            },
            Solve = (a, _) => Gcd(Arg.Int(a[0]), Arg.Int(a[1])),
            EdgeCases = [[7, 7], [1, 9], [12, 18]],
        },
        new()
        {
            Name = "is_prime", Difficulty = 3, Signature = "n",
            Describe = _ => "returns True if n is a prime number, else False",
            Plan = _ => "Numbers below 2 are not prime; otherwise look for a divisor from 2 up to the square root of n.",
            Body = _ => """
            if n < 2:
                return False
            for d in range(2, int(n ** 0.5) + 1):
                if n % d == 0:
                    return False
            return True
            """,
            Arguments = (r, _) => [Draw.Int(r, 2, 60)],
            Solve = (a, _) => IsPrime(Arg.Int(a[0])),
            EdgeCases = [[0], [1], [2], [49]],
        },
        new()
        {
            Name = "reverse_words", Difficulty = 3, Signature = "s",
            Describe = _ => "returns the words of s in reverse order, separated by single spaces",
            Plan = _ => "Split s into words, reverse their order, join them with spaces.",
            Body = _ => "return ' '.join(s.split()[::-1])",
            Arguments = (r, _) => [Draw.Sentence(r, 2, 4)],
            Solve = (a, _) => string.Join(' ', Arg.Text(a[0]).Split(' ', StringSplitOptions.RemoveEmptyEntries).Reverse()),
            EdgeCases = [[""], ["one"]],
        },
        new()
        {
            Name = "count_words", Difficulty = 3, Signature = "s",
            Describe = _ => "returns the number of words in s",
            Plan = _ => "Split s on spaces and count the pieces.",
            Body = _ => "return len(s.split())",
            Arguments = (r, _) => [Draw.Sentence(r, 1, 5)],
            Solve = (a, _) => Arg.Text(a[0]).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length,
            EdgeCases = [[""], ["word"]],
        },
        new()
        {
            Name = "second_largest", Difficulty = 3, Signature = "xs",
            Describe = _ => "returns the second largest distinct value in xs (xs has at least two distinct values)",
            Plan = _ => "Remove duplicates, sort, and take the item before the last.",
            Body = _ => "return sorted(set(xs))[-2]",
            Arguments = (r, _) =>
            {
                var xs = Draw.Ints(r, 2, 5);
                xs.Add(xs[0] + r.NextInt(1, 5));
                return [xs];
            },
            Solve = (a, _) => Arg.Ints(a[0]).Distinct().Order().ToList()[^2],
            EdgeCases = [[new List<int> { 1, 2 }], [new List<int> { 5, 5, 3 }]],
        },
        new()
        {
            Name = "digits_of", Difficulty = 3, Signature = "n",
            Describe = _ => "returns the list of the digits of n (n >= 0)",
            Plan = _ => "Turn n into text and turn each character back into a digit.",
            Body = _ => "return [int(d) for d in str(n)]",
            Arguments = (r, _) => [Draw.Int(r, 10, 99999)],
            Solve = (a, _) => Arg.Int(a[0]).ToString().Select(c => c - '0').ToList(),
            EdgeCases = [[0], [5]],
        },
        new()
        {
            Name = "capitalise_words", Difficulty = 3, Signature = "s",
            Describe = _ => "returns s with the first letter of each word in capitals (words are separated by single spaces)",
            Plan = _ => "Split on spaces, capitalise the first letter of each word, join them again.",
            Body = _ => "return ' '.join(w[:1].upper() + w[1:] for w in s.split(' '))",
            Arguments = (r, _) => [Draw.Sentence(r, 2, 4)],
            Solve = (a, _) => string.Join(' ', Arg.Text(a[0]).Split(' ').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..])),
            EdgeCases = [[""], ["a"]],
        },
    ];

    private static List<int> RunningTotals(IReadOnlyList<int> xs)
    {
        var total = 0;
        return [.. xs.Select(x => total += x)];
    }

    private static long Fibonacci(int n)
    {
        long a = 0, b = 1;
        for (var i = 0; i < n; i++)
        {
            (a, b) = (b, a + b);
        }

        return a;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    private static bool IsPrime(int n)
    {
        if (n < 2)
        {
            return false;
        }

        for (var d = 2; d * d <= n; d++)
        {
            if (n % d == 0)
            {
                return false;
            }
        }

        return true;
    }
}
