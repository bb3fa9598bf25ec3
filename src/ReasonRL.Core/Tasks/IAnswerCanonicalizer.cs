namespace ReasonRL.Core.Tasks;

/// <summary>
/// Optionally implemented by a task family that knows when two answers mean the same thing ("0.5" and "1/2"), so
/// that maj@k counts them as one vote. Families without it vote on <see cref="Default"/>.
/// </summary>
public interface IAnswerCanonicalizer
{
    /// <summary>A canonical spelling of <paramref name="answer"/> (the content of the answer tag); pure.</summary>
    string Canonicalize(string answer);

    /// <summary>The fallback: trimmed, with every run of whitespace replaced by one space.</summary>
    public static string Default(string answer) =>
        string.Join(' ', answer.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
