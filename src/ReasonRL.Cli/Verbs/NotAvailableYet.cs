namespace ReasonRL.Cli.Verbs;

/// <summary>A verb whose implementation has not landed in this build: it says so and exits with code 1.</summary>
internal sealed class NotAvailableYetException(string verb)
    : NotSupportedException($"'{verb}' is not available yet in this build");
