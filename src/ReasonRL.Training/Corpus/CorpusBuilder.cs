using ReasonRL.Core.Json;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Training.Recipes;

namespace ReasonRL.Training.Corpus;

/// <summary>
/// Builds corpus documents from task families according to a <see cref="CorpusSection"/>: the family, difficulty
/// and solution style of each document are drawn by weight. Document i of a stream is a pure function of
/// (seed, i, split), so any position can be regenerated — that is what makes resume exact — and training text
/// (<see cref="Split.Train"/>) never contains a held-out problem (<see cref="Split.Test"/>), because the families
/// assign problems to splits by content (<see cref="SplitAssignment"/>).
/// </summary>
public sealed class CorpusBuilder
{
    private readonly CorpusSection _section;
    private readonly ITaskFamily[] _families;
    private readonly double[] _familyWeights;
    private readonly SolutionStyle[] _styles;
    private readonly double[] _styleWeights;
    private readonly SolutionOptions _options;

    public CorpusBuilder(TaskFamilyRegistry families, CorpusSection section)
    {
        _section = section;
        _families = [.. section.Families.Select(f => f.Resolve(families))];
        _familyWeights = [.. section.Families.Select(f => f.Weight)];
        _styles = [.. section.Styles.Keys];
        _styleWeights = [.. section.Styles.Values];
        _options = section.SolutionOptions;
        for (var i = 0; i < _families.Length; i++)
        {
            var unknown = section.Families[i].Difficulties.Except(_families[i].Difficulties).ToList();
            if (unknown.Count > 0)
            {
                throw new Core.InputException(
                    $"family '{_families[i].Name}' has no difficulty {string.Join(", ", unknown)}; it has {string.Join(", ", _families[i].Difficulties)}");
            }

            var unwritten = section.Styles.Where(s => s.Value > 0 && !_families[i].Writes(s.Key)).Select(s => SnakeCase.From(s.Key.ToString())).ToList();
            if (unwritten.Count > 0)
            {
                throw new Core.InputException($"family '{_families[i].Name}' does not write {string.Join(", ", unwritten)} solutions; give that style weight 0 or drop the family");
            }
        }
    }

    /// <summary>Document <paramref name="index"/> of the stream seeded by <paramref name="seed"/>.</summary>
    public CorpusDocument Document(ulong seed, long index, Split split)
    {
        var random = new DeterministicRandom(SeedMixer.Mix(seed, (ulong)index));
        var which = random.PickWeighted(_familyWeights);
        var family = _families[which];
        var levels = _section.Families[which].Difficulties is { Count: > 0 } chosen ? chosen : family.Difficulties;
        var difficulty = random.Pick(levels);
        var style = _styles[random.PickWeighted(_styleWeights)];
        var problem = family.Generate(new GenerationRequest(random.NextUInt64(), 1, difficulty, split)).Single();
        var completion = family.RenderSolution(problem, style, _options, random.NextUInt64());
        return new CorpusDocument(problem.Id, family.Name, difficulty, style, problem.Prompt, completion);
    }

    /// <summary>Documents <paramref name="start"/>, <paramref name="start"/>+1, … of a stream, without end.</summary>
    public IEnumerable<CorpusDocument> Stream(ulong seed, long start, Split split)
    {
        for (var index = start; ; index++)
        {
            yield return Document(seed, index, split);
        }
    }
}
