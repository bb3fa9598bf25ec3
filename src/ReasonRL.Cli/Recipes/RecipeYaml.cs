using System.Collections;
using System.Globalization;
using ReasonRL.Core.Json;
using ReasonRL.Training.Recipes;
using YamlDotNet.RepresentationModel;

namespace ReasonRL.Cli.Recipes;

/// <summary>
/// Writes a bound recipe back as YAML with every default filled in: the <c>recipe.resolved.yaml</c> of a run
/// folder, which reproduces the run exactly (<c>reasonrl train runs/x/recipe.resolved.yaml</c>).
/// </summary>
internal static class RecipeYaml
{
    public static string Write(object recipe)
    {
        var document = new YamlDocument(ToNode(recipe)!);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        new YamlStream(document).Save(writer, assignAnchors: false);
        var text = writer.ToString();
        // YamlStream ends documents with "...": not wanted in a file people read.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    private static YamlNode? ToNode(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case string text:
                return new YamlScalarNode(text);
            case bool flag:
                return new YamlScalarNode(flag ? "true" : "false");
            case Enum enumValue:
                return new YamlScalarNode(SnakeCase.From(enumValue.ToString()));
            case double number:
                return new YamlScalarNode(number.ToString("R", CultureInfo.InvariantCulture));
            case float number:
                return new YamlScalarNode(number.ToString("R", CultureInfo.InvariantCulture));
            case IFormattable number when value.GetType().IsPrimitive:
                return new YamlScalarNode(number.ToString(null, CultureInfo.InvariantCulture));
            case StageSection stage:
                return new YamlMappingNode(new YamlScalarNode(stage.Kind), RecordNode(stage));
            case IDictionary dictionary:
            {
                var mapping = new YamlMappingNode();
                foreach (DictionaryEntry entry in dictionary)
                {
                    mapping.Add(ToNode(entry.Key)!, ToNode(entry.Value) ?? new YamlScalarNode("~"));
                }

                return mapping;
            }

            case IEnumerable items:
                return new YamlSequenceNode(items.Cast<object?>().Select(item => ToNode(item) ?? new YamlScalarNode("~")));
            default:
                return RecordNode(value);
        }
    }

    private static YamlMappingNode RecordNode(object record)
    {
        var mapping = new YamlMappingNode();
        foreach (var property in YamlBinder.Declared(record.GetType()))
        {
            if (ToNode(property.GetValue(record)) is { } node)
            {
                mapping.Add(new YamlScalarNode(SnakeCase.From(property.Name)), node);
            }
        }

        return mapping;
    }
}
