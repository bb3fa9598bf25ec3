using System.Text.Json;
using ReasonRL.Core.Io;
using ReasonRL.Core.Json;
using ReasonRL.Model.Tokenization.HuggingFace;

namespace ReasonRL.Model.Prompts;

/// <summary>
/// The prompt template a model is trained and sampled with, and the system message of the <c>chat</c> template. A
/// checkpoint written by a stage records it in <see cref="FileName"/>, so <c>sample</c>, <c>score</c>, <c>eval</c> and
/// <c>distill generate</c> show the model its prompts the way it was trained; a folder without the file (a Hugging Face
/// model, an older checkpoint) is read as <see cref="R1"/>.
/// </summary>
public sealed record PromptFormat(PromptTemplate Template, string? SystemPrompt = null)
{
    public const string FileName = "prompt_format.json";

    public static PromptFormat R1 { get; } = new(PromptTemplate.R1);

    /// <summary>The template as recipes and the command line spell it (<c>r1</c>, <c>chat</c>, <c>raw</c>).</summary>
    public string Name => SnakeCase.From(Template.ToString());

    /// <summary>The format recorded in a checkpoint folder, or <see cref="R1"/> when it records none.</summary>
    public static PromptFormat Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return R1;
        }

        var source = new JsonSource(path, File.ReadAllText(path));
        using var document = source.Parse();
        var root = new JsonField(source, document.RootElement, "").RequireObject();
        var field = root.Require("prompt_template");
        var name = field.String();
        var template = Parse(name) ?? throw field.Error($"unknown prompt template '{name}' (allowed: {AllowedNames})");
        return new PromptFormat(template, root.OptionalString("system_prompt"));
    }

    /// <summary>Writes <see cref="FileName"/> into <paramref name="folder"/> (a checkpoint being written).</summary>
    public void Write(string folder) =>
        AtomicFile.WriteAllText(
            Path.Combine(folder, FileName),
            JsonSerializer.Serialize(new Dictionary<string, string?> { ["prompt_template"] = Name, ["system_prompt"] = SystemPrompt }) + "\n");

    /// <summary>The template a name spells, or null.</summary>
    public static PromptTemplate? Parse(string name) =>
        Enum.GetValues<PromptTemplate>().Select(t => (PromptTemplate?)t).FirstOrDefault(t => SnakeCase.From(t!.Value.ToString()) == name);

    public static string AllowedNames => string.Join(", ", Enum.GetValues<PromptTemplate>().Select(t => SnakeCase.From(t.ToString())));
}
