using ReasonRL.Core.Json;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core;
using ReasonRL.Model.Prompts;
using ReasonRL.Training.Corpus;
using ReasonRL.Training.Recipes;

namespace ReasonRL.Training.Supervised;

/// <summary>One SFT pair in TRL's format: the prompt as the model sees it, and the completion trained on.</summary>
public sealed record SftExample(string Prompt, string Completion)
{
    /// <summary>
    /// The training and held-out examples a data section describes: from a prompt/completion file (split by a seeded
    /// shuffle) or rendered from families (training from the train split, held-out from the test split), each question
    /// put in <paramref name="prompts"/>' template. A file's prompts are taken as they are: they are already templated.
    /// </summary>
    public static (IReadOnlyList<SftExample> Train, IReadOnlyList<SftExample> HeldOut) Load(
        SftDataSection data, Core.Tasks.TaskFamilyRegistry families, PromptBuilder prompts, ulong seed)
    {
        if (data.File is { } file)
        {
            var all = Jsonl.Read(file).Select(line => new SftExample(line.RequireString("prompt"), line.RequireString("completion"))).ToList();
            if (all.Count == 0)
            {
                throw new InputException($"{file}: no examples");
            }

            new DeterministicRandom(seed).Shuffle(all);
            var heldOut = (int)Math.Round(all.Count * data.HeldOutFraction);
            return (all[heldOut..], all[..heldOut]);
        }

        var corpus = new CorpusBuilder(families, data.AsCorpus());
        var count = data.Count;
        var heldOutCount = Math.Max(1, (int)Math.Round(count * data.HeldOutFraction));
        return (Render(corpus, prompts, seed, count, Split.Train), Render(corpus, prompts, SeedMixer.Mix(seed, "held-out"), heldOutCount, Split.Test));
    }

    private static List<SftExample> Render(CorpusBuilder corpus, PromptBuilder prompts, ulong seed, int count, Split split) =>
        [.. corpus.Stream(seed, 0, split).Take(count).Select(d => new SftExample(prompts.Text(d.Question), d.Completion))];
}
