using System.Text.Json;
using System.Text.Json.Nodes;
using ReasonRL.Model.Tokenization;

namespace ReasonRL.Model.Checkpoints;

/// <summary>
/// The small files transformers and TRL read beside <c>config.json</c> and <c>tokenizer.json</c>:
/// <c>tokenizer_config.json</c> (the tokenizer class, the special tokens and their roles, the chat template),
/// <c>special_tokens_map.json</c> and <c>generation_config.json</c> (bos, eos and pad ids).
/// </summary>
/// <remarks>
/// A tokenizer loaded with a <c>tokenizer_config.json</c> (a real model's, with its chat template) gets that file back
/// unchanged; otherwise one is written from <c>tokenizer.json</c>'s added tokens and the tokenizer's roles.
/// </remarks>
public static class HuggingFaceSidecars
{
    public const string TokenizerConfigFile = "tokenizer_config.json";
    public const string SpecialTokensFile = "special_tokens_map.json";
    public const string GenerationConfigFile = "generation_config.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(string folder, TextTokenizer tokenizer, int contextLength)
    {
        var added = AddedTokens(tokenizer.ToJson());
        string Content(int id) => added.TryGetValue(id, out var token) ? token["content"]!.GetValue<string>() : tokenizer.Inner.Decode([id]) ?? "";
        var roles = new (string Role, int Id)[] { ("bos_token", tokenizer.BosId), ("eos_token", tokenizer.EosId), ("pad_token", tokenizer.PadId) };

        var tokenizerConfig = tokenizer.ConfigJson ?? WriteTokenizerConfig(added, roles.Select(r => (r.Role, Content(r.Id))), contextLength);
        File.WriteAllText(Path.Combine(folder, TokenizerConfigFile), tokenizerConfig);

        var special = new JsonObject();
        foreach (var (role, id) in roles)
        {
            special[role] = new JsonObject
            {
                ["content"] = Content(id),
                ["lstrip"] = false,
                ["normalized"] = false,
                ["rstrip"] = false,
                ["single_word"] = false,
            };
        }

        File.WriteAllText(Path.Combine(folder, SpecialTokensFile), special.ToJsonString(Indented) + "\n");

        var generation = new JsonObject
        {
            ["bos_token_id"] = tokenizer.BosId,
            ["eos_token_id"] = tokenizer.EosId,
            ["pad_token_id"] = tokenizer.PadId,
        };
        File.WriteAllText(Path.Combine(folder, GenerationConfigFile), generation.ToJsonString(Indented) + "\n");
    }

    private static string WriteTokenizerConfig(Dictionary<int, JsonObject> added, IEnumerable<(string Role, string Content)> roles, int contextLength)
    {
        var decoder = new JsonObject();
        foreach (var (id, token) in added.OrderBy(t => t.Key))
        {
            decoder[id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["content"] = token["content"]!.GetValue<string>(),
                ["lstrip"] = Flag(token, "lstrip"),
                ["normalized"] = Flag(token, "normalized"),
                ["rstrip"] = Flag(token, "rstrip"),
                ["single_word"] = Flag(token, "single_word"),
                ["special"] = Flag(token, "special"),
            };
        }

        var config = new JsonObject
        {
            ["added_tokens_decoder"] = decoder,
            ["clean_up_tokenization_spaces"] = false,
            ["model_max_length"] = contextLength,
            ["tokenizer_class"] = "PreTrainedTokenizerFast",
        };
        foreach (var (role, content) in roles)
        {
            config[role] = content;
        }

        return config.ToJsonString(Indented) + "\n";
    }

    private static bool Flag(JsonObject token, string name) => token[name]?.GetValueKind() == JsonValueKind.True;

    /// <summary>The <c>added_tokens</c> of a <c>tokenizer.json</c>, by id.</summary>
    private static Dictionary<int, JsonObject> AddedTokens(string tokenizerJson)
    {
        var tokens = new Dictionary<int, JsonObject>();
        if (JsonNode.Parse(tokenizerJson)?["added_tokens"] is JsonArray array)
        {
            foreach (var token in array.OfType<JsonObject>())
            {
                if (token["id"]?.GetValueKind() == JsonValueKind.Number && token["content"]?.GetValueKind() == JsonValueKind.String)
                {
                    tokens[token["id"]!.GetValue<int>()] = token;
                }
            }
        }

        return tokens;
    }
}
