namespace ReasonRL.Model.Scoring;

/// <summary>
/// Which rows of a scoring batch share their prefix, the tokens before a row's first scored one: in a GRPO minibatch,
/// the completions of one prompt. Scoring then runs each distinct prefix once and each row's continuation attending to
/// it (<see cref="LogProbScorer"/>), instead of every row's prefix again; a step of r1-zero's update has about four
/// completions of each prompt in a minibatch, and prompts are two fifths of its tokens.
/// </summary>
/// <remarks>
/// Row r with its first scored token at column p_r and its last at u_r − 1 needs the prefix tokens 0..p_r − 1 (whose
/// last hidden state predicts token p_r) and the continuation tokens p_r..u_r − 2 (each predicting the next one),
/// <see cref="ContinuationLengths"/>[r] = u_r − 1 − p_r of them. Rows with nothing scored take no part.
/// </remarks>
public sealed class SharedPrefixPlan
{
    private SharedPrefixPlan(long[][] prefixes, int[] rowPrefix, int[] prefixLength, int[] continuationLength)
    {
        Prefixes = prefixes;
        RowPrefix = rowPrefix;
        PrefixLengths = prefixLength;
        ContinuationLengths = continuationLength;
    }

    /// <summary>The distinct prefixes' tokens, in order of first appearance.</summary>
    public IReadOnlyList<long[]> Prefixes { get; }

    /// <summary>Per row, the index of its prefix in <see cref="Prefixes"/>; −1 for a row with nothing scored.</summary>
    public IReadOnlyList<int> RowPrefix { get; }

    /// <summary>Per row, p_r: its first scored column (0 for a row with nothing scored).</summary>
    public IReadOnlyList<int> PrefixLengths { get; }

    /// <summary>Per row, the tokens its continuation pass runs (0 for a row with nothing scored or only its first token).</summary>
    public IReadOnlyList<int> ContinuationLengths { get; }

    /// <summary>Positions a pass per row would compute and sharing does not: Σ_rows p_r − Σ_prefixes |prefix|.</summary>
    public long SavedPositions => PrefixLengths.Sum(p => (long)p) - Prefixes.Sum(p => (long)p.Length);

    /// <summary>The plan for right-padded <paramref name="sequences"/> (B, T) and their completion mask (B, T), row-major.</summary>
    public static SharedPrefixPlan Of(ReadOnlySpan<long> sequences, ReadOnlySpan<bool> mask, int rows, int length)
    {
        if (sequences.Length != rows * length || mask.Length != rows * length)
        {
            throw new ArgumentException($"sequences ({sequences.Length}) and mask ({mask.Length}) must both hold {rows} × {length} values");
        }

        var prefixes = new List<long[]>();
        var index = new Dictionary<long[], int>(TokenComparer.Instance);
        var rowPrefix = new int[rows];
        var prefixLength = new int[rows];
        var continuationLength = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            var rowMask = mask.Slice(r * length, length);
            var first = rowMask.IndexOf(true);
            if (first < 0)
            {
                rowPrefix[r] = -1;
                continue;
            }

            if (first == 0)
            {
                throw new ArgumentException($"row {r}'s completion mask marks column 0, which no earlier token predicts");
            }

            var tokens = sequences.Slice(r * length, first).ToArray();
            if (!index.TryGetValue(tokens, out var prefix))
            {
                prefix = prefixes.Count;
                prefixes.Add(tokens);
                index.Add(tokens, prefix);
            }

            rowPrefix[r] = prefix;
            prefixLength[r] = first;
            continuationLength[r] = rowMask.LastIndexOf(true) - first;
        }

        return new SharedPrefixPlan([.. prefixes], rowPrefix, prefixLength, continuationLength);
    }

    private sealed class TokenComparer : IEqualityComparer<long[]>
    {
        public static readonly TokenComparer Instance = new();

        public bool Equals(long[]? x, long[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

        public int GetHashCode(long[] tokens)
        {
            var hash = default(HashCode);
            foreach (var token in tokens)
            {
                hash.Add(token);
            }

            return hash.ToHashCode();
        }
    }
}
