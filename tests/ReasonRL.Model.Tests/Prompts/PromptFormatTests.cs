using ReasonRL.Core;
using ReasonRL.Model.Prompts;

namespace ReasonRL.Model.Tests.Prompts;

/// <summary>A checkpoint records its prompt format; one that records none (a Hugging Face folder) is read as r1.</summary>
public sealed class PromptFormatTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-prompt-format-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(PromptTemplate.R1, null)]
    [InlineData(PromptTemplate.Raw, null)]
    [InlineData(PromptTemplate.Chat, "Answer in <answer></answer>.\n")]
    public void A_written_format_reads_back_the_same(PromptTemplate template, string? system)
    {
        var format = new PromptFormat(template, system);

        format.Write(_folder);

        Assert.Equal(format, PromptFormat.Read(_folder));
    }

    [Fact]
    public void A_folder_without_the_file_is_r1() => Assert.Equal(PromptFormat.R1, PromptFormat.Read(_folder));

    [Fact]
    public void The_file_spells_templates_as_recipes_do()
    {
        new PromptFormat(PromptTemplate.Chat).Write(_folder);

        Assert.Equal("{\"prompt_template\":\"chat\",\"system_prompt\":null}\n", File.ReadAllText(Path.Combine(_folder, PromptFormat.FileName)));
    }

    [Fact]
    public void An_unknown_template_names_the_file_and_the_allowed_values()
    {
        File.WriteAllText(Path.Combine(_folder, PromptFormat.FileName), "{\"prompt_template\": \"alpaca\"}");

        var error = Assert.Throws<InputException>(() => PromptFormat.Read(_folder));

        Assert.Contains(PromptFormat.FileName, error.Message, StringComparison.Ordinal);
        Assert.Contains("prompt_template", error.Message, StringComparison.Ordinal);
        Assert.Contains("r1, chat, raw", error.Message, StringComparison.Ordinal);
    }
}
