using ReasonRL.Core;
using ReasonRL.Core.Json;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Training.Recipes;

namespace ReasonRL.Training.Problems;

/// <summary>
/// Problems for training and evaluation, deterministic from a seed: training problems are a pure function of
/// (seed, step, slot) so resuming at a step reproduces its prompts exactly; held-out sets are fixed lists.
/// </summary>
public sealed class ProblemSource
{
    private readonly ProblemsSection _section;
    private readonly TaskFamilyRegistry _families;
    private readonly IReadOnlyList<Problem>? _fromFile;

    public ProblemSource(ProblemsSection section, TaskFamilyRegistry families)
    {
        _section = section;
        _families = families;
        _fromFile = section.File is null ? null : [.. ProblemJson.ReadFile(section.File)];
        if (_fromFile is { Count: 0 })
        {
            throw new InputException($"{section.File}: no problems in the file");
        }

        foreach (var mix in _fromFile is null ? section.Families : [])
        {
            var family = mix.Resolve(families);
            var unknown = mix.Difficulties.Except(family.Difficulties).ToList();
            if (unknown.Count > 0)
            {
                throw new InputException($"family '{family.Name}' has no difficulty {string.Join(", ", unknown)}; it has {string.Join(", ", family.Difficulties)}");
            }
        }
    }

    /// <summary>
    /// The training problem for one slot of one step. From a file: the file's problems in a seeded order, epoch after
    /// epoch. From families: a fresh train-split problem of a family, difficulty drawn by the mixture.
    /// </summary>
    public Problem Training(ulong seed, int step, int slot, int slotsPerStep)
    {
        var index = ((long)step * slotsPerStep) + slot;
        if (_fromFile is { } problems)
        {
            var epoch = index / problems.Count;
            var order = Enumerable.Range(0, problems.Count).ToArray();
            new DeterministicRandom(SeedMixer.Mix(seed, (ulong)epoch)).Shuffle(order);
            return problems[order[index % problems.Count]];
        }

        var problem = Generate(new DeterministicRandom(SeedMixer.Mix(seed, (ulong)index)), Split.Train);
        return problem with { Id = $"{problem.Family}-train-{step:D6}-{slot:D4}" };
    }

    /// <summary>A fixed held-out set: the file's first <c>count</c> problems, or <c>count</c> test-split problems.</summary>
    public IReadOnlyList<Problem> HeldOut(ulong seed)
    {
        if (_fromFile is { } problems)
        {
            return _section.Count > 0 ? [.. problems.Take(_section.Count)] : problems;
        }

        var random = new DeterministicRandom(seed);
        var set = new List<Problem>(_section.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var attempts = 0; set.Count < _section.Count && attempts < _section.Count * 20; attempts++)
        {
            var problem = Generate(random, Split.Test);
            if (seen.Add(problem.Family + "\n" + problem.Prompt))
            {
                set.Add(problem with { Id = $"{problem.Family}-test-{set.Count:D5}" });
            }
        }

        return set;
    }

    private Problem Generate(DeterministicRandom random, Split split)
    {
        var mix = _section.Families[random.PickWeighted([.. _section.Families.Select(f => f.Weight)])];
        var family = mix.Resolve(_families);
        var difficulty = random.Pick(mix.Difficulties is { Count: > 0 } levels ? levels : family.Difficulties);
        return family.Generate(new GenerationRequest(random.NextUInt64(), 1, difficulty, split)).Single();
    }
}
