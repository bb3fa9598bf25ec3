using System.Text.Json;
using ReasonRL.Model.Tokenization.HuggingFace;

namespace ReasonRL.Model.Tokenization;

/// <summary>
/// What ReasonRL reads from a Hugging Face <c>tokenizer_config.json</c>: the special tokens by role, the Jinja chat
/// template, and whether decoded text has its spaces cleaned up (transformers' <c>clean_up_tokenization_spaces</c>).
/// </summary>
/// <param name="ChatTemplate">The <c>chat_template</c> (a string, or the one named "default" of a list of named templates).</param>
public sealed record TokenizerConfig(
    string? BosToken,
    string? EosToken,
    string? PadToken,
    string? UnkToken,
    string? ChatTemplate,
    bool CleanUpTokenizationSpaces)
{
    public static TokenizerConfig Empty { get; } = new(null, null, null, null, null, false);

    /// <summary>Parses <c>tokenizer_config.json</c> text; errors name <paramref name="file"/>, line, column and field.</summary>
    public static TokenizerConfig Parse(string file, string text)
    {
        var source = new JsonSource(file, text);
        using var document = source.Parse();
        var root = new JsonField(source, document.RootElement, "").RequireObject();
        return new TokenizerConfig(
            Token(root, "bos_token"),
            Token(root, "eos_token"),
            Token(root, "pad_token"),
            Token(root, "unk_token"),
            Template(root),
            root.OptionalBool("clean_up_tokenization_spaces", false));
    }

    /// <summary>A special token as a string, or as an AddedToken object with its <c>content</c>.</summary>
    private static string? Token(JsonField root, string role) =>
        root.Optional(role) is not { } token ? null
        : token.Value.ValueKind == JsonValueKind.Object ? token.Require("content").String()
        : token.String();

    private static string? Template(JsonField root)
    {
        if (root.Optional("chat_template") is not { } template)
        {
            return null;
        }

        if (template.Value.ValueKind != JsonValueKind.Array)
        {
            return template.String();
        }

        var named = template.Items().Select(t => (Name: t.Require("name").String(), Template: t.Require("template").String())).ToList();
        return named.FirstOrDefault(t => t.Name == "default").Template
            ?? throw template.Error($"a list of chat templates needs one named \"default\" (names: {string.Join(", ", named.Select(t => t.Name))})");
    }

    /// <summary>transformers' <c>clean_up_tokenization</c>: no space before punctuation and English contractions.</summary>
    public static string CleanUpSpaces(string text) => text
        .Replace(" .", ".", StringComparison.Ordinal)
        .Replace(" ?", "?", StringComparison.Ordinal)
        .Replace(" !", "!", StringComparison.Ordinal)
        .Replace(" ,", ",", StringComparison.Ordinal)
        .Replace(" ' ", "'", StringComparison.Ordinal)
        .Replace(" n't", "n't", StringComparison.Ordinal)
        .Replace(" 'm", "'m", StringComparison.Ordinal)
        .Replace(" 's", "'s", StringComparison.Ordinal)
        .Replace(" 've", "'ve", StringComparison.Ordinal)
        .Replace(" 're", "'re", StringComparison.Ordinal);
}
