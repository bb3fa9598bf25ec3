using ReasonRL.Core;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Tokenization;
using ReasonRL.Training.Recipes;

namespace ReasonRL.Cli.Recipes;

/// <summary>
/// With <c>prompt_template: chat</c>, every stage that shows problems to a model needs that model's tokenizer to have a
/// chat template: this follows each stage's <c>from:</c> (and a <c>distill_data</c> stage's <c>teacher:</c>) back through
/// earlier stages to the checkpoint folder the model comes from, or to a fresh model (the project's character tokenizer,
/// which has none), and reads that folder's <c>tokenizer_config.json</c> — at load, not after hours of earlier stages.
/// </summary>
internal static class ChatTemplateCheck
{
    /// <summary>One line per stage whose model cannot render the chat template; <paramref name="where"/> locates the key.</summary>
    public static IEnumerable<string> Problems(Recipe recipe, string where)
    {
        if (recipe.PromptTemplate != PromptTemplate.Chat)
        {
            yield break;
        }

        var origins = new Dictionary<string, string?>(StringComparer.Ordinal); // stage → the folder its model comes from; null: a fresh model
        var reported = new HashSet<string?>(StringComparer.Ordinal);
        foreach (var stage in recipe.Stages)
        {
            var (key, reference) = stage switch
            {
                DistillDataStage { Teacher: { } teacher } => ("teacher", teacher),
                IModelInput { From: { } from } => ("from", from),
                _ => (null, null),
            };
            if (stage is PretrainStage { From: null })
            {
                origins[stage.EffectiveName] = null;
                yield return $"{where}: prompt_template: chat, but stage '{stage.EffectiveName}' makes a fresh model with the project's character tokenizer, which has no chat template (use prompt_template: r1 or raw, or start from a checkpoint whose tokenizer_config.json has a chat_template)";
                continue;
            }

            if (reference is null)
            {
                continue;
            }

            var folder = origins.TryGetValue(reference, out var earlier) ? earlier : reference;
            origins[stage.EffectiveName] = folder;
            if (folder is null || !Directory.Exists(folder) || !reported.Add(folder))
            {
                continue; // a fresh model is reported at its stage, a missing folder by the reference check, a folder once
            }

            if (Missing(folder) is { } why)
            {
                yield return $"{where}: prompt_template: chat, but stage '{stage.EffectiveName}' ({key}: {reference}) uses checkpoint {folder}, whose tokenizer {why}";
            }
        }
    }

    private static string? Missing(string folder)
    {
        var path = Path.Combine(folder, "tokenizer_config.json");
        if (!File.Exists(path))
        {
            return $"has no chat template: there is no {path}";
        }

        try
        {
            var config = TokenizerConfig.Parse(path, File.ReadAllText(path));
            if (config.ChatTemplate is null)
            {
                return $"has no chat template: {path} has no chat_template";
            }

            _ = new ChatTemplate(config.ChatTemplate, config.BosToken, config.EosToken, path);
            return null;
        }
        catch (InputException e)
        {
            return $"chat template cannot be read: {e.Message}";
        }
    }
}
