using System.Text.Json;
using ReasonRL.Core.Json;
using ReasonRL.Model.Prompts;
using ReasonRL.Model;

namespace ReasonRL.Cli.Scoring;

/// <summary>
/// One line of <c>reasonrl score</c>'s input, turned into token ids: <c>prompt_ids</c> + <c>completion_ids</c> used as
/// they are, or <c>prompt</c> + <c>completion</c> text, the prompt put in the prompt template and encoded as the sampler
/// sees it (<see cref="PromptBuilder.Ids"/>), the completion encoded on its own (no special tokens added), as the sampler
/// produces it after the prompt.
/// </summary>
internal sealed record ScoreInput(JsonlLine Line, int[] PromptIds, int[] CompletionIds)
{
    public int Length => PromptIds.Length + CompletionIds.Length;

    public static ScoreInput Parse(JsonlLine line, PromptBuilder prompts, TransformerConfig config)
    {
        var ids = line.Has("prompt_ids") || line.Has("completion_ids");
        var text = line.Has("prompt") || line.Has("completion");
        if (ids && text)
        {
            throw line.Error(null, "give either prompt and completion (text) or prompt_ids and completion_ids (token ids), not both");
        }

        ScoreInput input;
        if (ids)
        {
            input = new ScoreInput(line, Ids(line, "prompt_ids", config.VocabSize), Ids(line, "completion_ids", config.VocabSize));
        }
        else
        {
            var prompt = line.RequireString("prompt");
            var completion = line.RequireString("completion");
            var completionIds = prompts.Tokenizer.Encode(completion);
            if (completionIds.Length == 0)
            {
                throw line.Error("completion", "empty: there is no token to score");
            }

            input = new ScoreInput(line, prompts.Ids(prompt), completionIds);
        }

        return input.Length <= config.ContextLength
            ? input
            : throw line.Error(ids ? "completion_ids" : "completion", $"prompt and completion take {input.Length} tokens; the model's context is {config.ContextLength}");
    }

    private static int[] Ids(JsonlLine line, string field, int vocabSize)
    {
        var value = line.Require(field);
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            throw line.Error(field, "expected a non-empty array of token ids");
        }

        var ids = new int[value.GetArrayLength()];
        var i = 0;
        foreach (var element in value.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var id) || id < 0 || id >= vocabSize)
            {
                throw line.Error(field, $"element {i} is not a token id in [0, {vocabSize})");
            }

            ids[i++] = id;
        }

        return ids;
    }
}
