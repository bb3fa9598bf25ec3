namespace ReasonRL.Core.Text;

/// <summary>
/// DeepSeek-R1's conversation template, compacted for character-level toy models (DeepSeek-R1, arXiv 2501.12948,
/// Table 1). The prompt ends with "Assistant:"; the completion is
/// <c> &lt;think&gt; reasoning &lt;/think&gt; &lt;answer&gt; answer &lt;/answer&gt;</c>, and the answer is the
/// content of the last <c>&lt;answer&gt;</c> tag.
/// </summary>
/// <remarks>
/// R1's preamble ("A conversation between User and Assistant. …") is left out: at a few hundred characters it
/// would dominate every sequence of a character-level model, and the base model learns the format from its
/// pretraining corpus instead of from instructions.
/// </remarks>
public static class R1Template
{
    public const string ThinkOpen = "<think>";
    public const string ThinkClose = "</think>";
    public const string AnswerOpen = "<answer>";
    public const string AnswerClose = "</answer>";

    /// <summary>The text the policy is conditioned on for a question.</summary>
    public static string Prompt(string question) => $"User: {question}\nAssistant:";

    /// <summary>A completion in the template: thinking (may be empty) then the answer.</summary>
    public static string Completion(string thinking, string answer) =>
        $" {ThinkOpen}{thinking}{ThinkClose} {AnswerOpen}{answer}{AnswerClose}";

    /// <summary>The characters the template itself adds to prompts and completions.</summary>
    public static string Alphabet => "User: \nAssistant<think></think><answer></answer>";
}
