namespace ReasonRL.Verifiers.Math.Latex;

/// <summary>The text is not an answer the parser understands (an unknown command, unbalanced brackets, ...).</summary>
internal sealed class LatexParseException(string message) : Exception(message);
