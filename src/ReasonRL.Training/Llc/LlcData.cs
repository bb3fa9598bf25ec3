using ReasonRL.Core;
using ReasonRL.Core.Json;
using ReasonRL.Model.Prompts;
using ReasonRL.Training.Supervised;

namespace ReasonRL.Training.Llc;

/// <summary>
/// The data an LLC is measured on, from the files the project already writes: Problem records with a worked
/// completion (<c>reasonrl tasks generate --with-solution</c>; the prompt gets the model's prompt template, as the policy sees it)
/// or TRL prompt/completion pairs (<c>reasonrl distill generate</c>; the prompt is used as written).
/// </summary>
public static class LlcData
{
    public static IReadOnlyList<SftExample> Read(string path, PromptBuilder prompts)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: no such file");
        }

        var examples = Jsonl.Read(path).Select(line =>
        {
            var completion = line.Has("completion")
                ? line.RequireString("completion")
                : throw line.Error("completion", "missing: generate problems with --with-solution, or give prompt/completion pairs");
            var prompt = line.RequireString("prompt");
            return new SftExample(line.Has("reference") ? prompts.Text(prompt) : prompt, completion);
        }).ToList();
        return examples.Count >= 2 ? examples : throw new InputException($"{path}: an LLC needs at least 2 examples, found {examples.Count}");
    }
}
