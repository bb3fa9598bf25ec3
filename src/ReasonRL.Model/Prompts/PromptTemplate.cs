namespace ReasonRL.Model.Prompts;

/// <summary>How a problem's question becomes the text a model is conditioned on (YAML: <c>r1</c> | <c>chat</c> | <c>raw</c>).</summary>
public enum PromptTemplate
{
    /// <summary>
    /// DeepSeek-R1's plain template, <c>User: {question}\nAssistant:</c> after the bos token (<see cref="Core.Text.R1Template"/>):
    /// what R1-Zero trains a base model on.
    /// </summary>
    R1,

    /// <summary>
    /// The question as a user message (after an optional system message) rendered by the tokenizer's own chat template
    /// with the generation prompt, then encoded without adding special tokens: transformers' <c>apply_chat_template</c>.
    /// </summary>
    Chat,

    /// <summary>The question as it is, after the bos token.</summary>
    Raw,
}
