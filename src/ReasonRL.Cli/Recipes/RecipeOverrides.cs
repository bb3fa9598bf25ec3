using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ReasonRL.Cli.Recipes;

/// <summary>
/// Applies <c>--set key.path=value</c> overrides to a recipe's YAML tree before it is bound, so an override is
/// checked exactly like a key written in the file. The first segment names either a top-level key
/// (<c>seed=3</c>) or a stage by its name or kind (<c>grpo.kl_beta=0</c>); later segments walk into mappings,
/// creating them where absent. Values are YAML (<c>[a, b]</c> is a list).
/// </summary>
internal static class RecipeOverrides
{
    public static void Apply(YamlMappingNode root, string assignment, Dictionary<YamlNode, string> origins)
    {
        var origin = $"--set {assignment}";
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new Core.InputException($"{origin}: expected KEY=VALUE, e.g. --set grpo.kl_beta=0.04");
        }

        var segments = assignment[..equals].Split('.');
        if (segments.Any(string.IsNullOrWhiteSpace))
        {
            throw new Core.InputException($"{origin}: '{assignment[..equals]}' is not a key path like grpo.kl_beta");
        }

        var value = ParseValue(assignment[(equals + 1)..], origin);
        foreach (var node in value.AllNodes)
        {
            origins[node] = origin;
        }

        var current = FindStage(root, segments[0]) is { } stage ? stage : root;
        var rest = ReferenceEquals(current, root) ? segments : segments[1..];
        if (rest.Length == 0)
        {
            throw new Core.InputException($"{origin}: name a key inside stage '{segments[0]}', e.g. --set {segments[0]}.steps=100");
        }

        for (var i = 0; i < rest.Length - 1; i++)
        {
            var key = new YamlScalarNode(rest[i]);
            if (!current.Children.TryGetValue(key, out var child) || IsEmpty(child))
            {
                var created = new YamlMappingNode();
                origins[key] = origin;
                origins[created] = origin;
                current.Children[key] = created;
                current = created;
            }
            else if (child is YamlMappingNode mapping)
            {
                current = mapping;
            }
            else
            {
                throw new Core.InputException($"{origin}: '{string.Join('.', rest[..(i + 1)])}' is a value, not a section");
            }
        }

        var last = new YamlScalarNode(rest[^1]);
        origins[last] = origin;
        // Replace an existing key in place (its position is kept); otherwise add it.
        var existing = current.Children.Keys.FirstOrDefault(k => k.Equals(last));
        if (existing is not null)
        {
            origins[existing] = origin;
            current.Children[existing] = value;
        }
        else
        {
            current.Children[last] = value;
        }
    }

    /// <summary>The settings mapping of the stage named <paramref name="name"/> (explicit <c>name:</c> first, then kind).</summary>
    private static YamlMappingNode? FindStage(YamlMappingNode root, string name)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("stages"), out var stagesNode) || stagesNode is not YamlSequenceNode stages)
        {
            return null;
        }

        var candidates = stages.Children
            .OfType<YamlMappingNode>()
            .Where(s => s.Children.Count == 1)
            .Select(s => (Wrapper: s, Kind: ((YamlScalarNode)s.Children.Keys.Single()).Value, Body: s.Children.Values.Single()))
            .ToList();
        var match = candidates.FirstOrDefault(c => c.Body is YamlMappingNode body
                                                    && body.Children.TryGetValue(new YamlScalarNode("name"), out var n)
                                                    && n is YamlScalarNode { Value: var v } && v == name);
        if (match.Wrapper is null)
        {
            match = candidates.FirstOrDefault(c => c.Kind == name);
        }

        if (match.Wrapper is null)
        {
            return null;
        }

        if (match.Body is YamlMappingNode settings)
        {
            return settings;
        }

        // "- report:" with no settings: give it a mapping to hold the override.
        var empty = new YamlMappingNode();
        match.Wrapper.Children[match.Wrapper.Children.Keys.Single()] = empty;
        return empty;
    }

    private static bool IsEmpty(YamlNode node) => node is YamlScalarNode { Value: null or "" or "~" or "null" };

    private static YamlNode ParseValue(string text, string origin)
    {
        if (text.Length == 0)
        {
            return new YamlScalarNode("");
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count == 1 ? stream.Documents[0].RootNode : new YamlScalarNode(text);
        }
        catch (YamlException)
        {
            // Not valid YAML on its own (e.g. "a: b: c"): take it as plain text.
            return new YamlScalarNode(text);
        }
    }
}
