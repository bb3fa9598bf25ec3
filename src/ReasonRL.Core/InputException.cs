namespace ReasonRL.Core;

/// <summary>
/// A mistake in something the user gave us — a file, a line of it, a field, an option — as opposed to a
/// failure of ReasonRL itself. The command line prints <see cref="Exception.Message"/> as one line and exits
/// with code 2; no stack trace.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(string message) : base(message)
    {
    }

    public InputException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public InputException()
    {
    }

    /// <summary>
    /// An error located in a file: <c>problems.jsonl:12: field 'prompt': expected a string</c>.
    /// </summary>
    public static InputException At(string file, int line, string? field, string problem) =>
        new(field is null ? $"{file}:{line}: {problem}" : $"{file}:{line}: field '{field}': {problem}");
}
