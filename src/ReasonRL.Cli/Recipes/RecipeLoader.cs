using ReasonRL.Core;
using ReasonRL.Training.Recipes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ReasonRL.Cli.Recipes;

/// <summary>
/// Reads a recipe file, applies <c>--set</c> overrides, and binds it strictly. Every problem in the file is
/// reported at once, one line each with file and line, as an <see cref="InputException"/>.
/// </summary>
internal static class RecipeLoader
{
    public static Recipe Load(string path, IReadOnlyList<string> overrides) => Load(path, overrides, []);

    /// <summary>
    /// The recipe's sweep arms, each the recipe with the arm's overrides and then the command line's applied, in
    /// the order listed; an empty list when the recipe has no sweep.
    /// </summary>
    public static IReadOnlyList<(SweepArm Arm, Recipe Recipe)> LoadArms(string path, IReadOnlyList<string> overrides)
    {
        var recipe = Load(path, overrides);
        return recipe.Sweep is null
            ? []
            : [.. recipe.Sweep.Arms.Select(arm =>
                (arm, Load(path, overrides, [.. arm.Set.Select(kv => $"{kv.Key}={kv.Value}")])))];
    }

    private static Recipe Load(string path, IReadOnlyList<string> overrides, IReadOnlyList<string> armOverrides)
    {
        var root = Parse(path);
        var origins = new Dictionary<YamlNode, string>(ReferenceEqualityComparer.Instance);
        foreach (var assignment in armOverrides.Concat(overrides))
        {
            RecipeOverrides.Apply(root, assignment, origins);
        }

        var binder = new YamlBinder(path, origins);
        var recipe = binder.Bind<Recipe>(root);
        var problems = binder.Problems.ToList();
        if (recipe is not null && problems.Count == 0)
        {
            problems.AddRange(StageReferences(recipe).Select(p => $"{path}: {p}"));
        }

        if (recipe is not null && problems.Count == 0)
        {
            var key = root.Children.Keys.FirstOrDefault(k => k is YamlScalarNode { Value: "prompt_template" });
            problems.AddRange(ChatTemplateCheck.Problems(recipe, key is null ? path : binder.Where(root.Children[key])));
        }

        return problems.Count switch
        {
            0 => recipe!,
            1 => throw new InputException(problems[0]),
            _ => throw new InputException($"{problems.Count} problems in {path}:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems)),
        };
    }

    private static YamlMappingNode Parse(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: no such recipe file");
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new InputException($"{path}:{e.Start.Line}: not valid YAML: {e.Message}");
        }

        return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new InputException($"{path}: a recipe is one YAML mapping (name:, seed:, stages: ...)");
    }

    /// <summary>
    /// Each <c>from:</c> and <c>teacher:</c> must name an earlier stage or an existing checkpoint folder, and each
    /// dataset <c>from:</c> an earlier stage that writes a dataset.
    /// </summary>
    private static IEnumerable<string> StageReferences(Recipe recipe)
    {
        var earlier = new Dictionary<string, StageSection>(StringComparer.Ordinal);
        string Earlier() => earlier.Count == 0 ? "there is none" : string.Join(", ", earlier.Keys);
        foreach (var stage in recipe.Stages)
        {
            var references = new List<(string Key, string Reference)>();
            if (stage is IModelInput { From: { } from })
            {
                references.Add(("from", from));
            }

            if (stage is ITeacherInput { Teacher: { } teacher })
            {
                references.Add(("teacher", teacher));
            }

            if (stage is IExtraModelInputs extra)
            {
                references.AddRange(extra.ExtraModels);
            }

            foreach (var (key, reference) in references.Where(r => !earlier.ContainsKey(r.Reference) && !Directory.Exists(r.Reference)))
            {
                yield return $"stage '{stage.EffectiveName}': '{key}: {reference}' names neither an earlier stage ({Earlier()}) nor a checkpoint folder";
            }

            if (stage is IDatasetInput { DatasetFrom: { } dataset } && !(earlier.TryGetValue(dataset, out var source) && source is IDatasetOutput))
            {
                var writers = earlier.Where(kv => kv.Value is IDatasetOutput).Select(kv => kv.Key).ToList();
                yield return $"stage '{stage.EffectiveName}': 'data: {{from: {dataset}}}' names no earlier stage that writes a dataset ({(writers.Count == 0 ? "there is none" : string.Join(", ", writers))})";
            }

            earlier[stage.EffectiveName] = stage;
        }
    }
}
