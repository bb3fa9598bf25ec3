using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using ReasonRL.Cli.CommandLine;
using ReasonRL.Core.Json;
using ReasonRL.Training.Recipes;
using YamlDotNet.RepresentationModel;

namespace ReasonRL.Cli.Recipes;

/// <summary>
/// Binds a YAML tree onto immutable records, strictly: an unknown key, a value of the wrong type, an enum value
/// outside its list, a missing required key, or a failed cross-field check (<see cref="IValidatedSection"/>)
/// each becomes a problem naming the file, the line and the allowed keys or values. All problems are collected,
/// so a user sees everything wrong with a recipe at once.
/// </summary>
/// <remarks>
/// Keys are the snake_case of property names (<c>learning_rate</c> ↔ <c>LearningRate</c>), enum values likewise.
/// An abstract <see cref="StageSection"/> is a mapping with a single key, the stage kind.
/// </remarks>
internal sealed class YamlBinder(string file, IReadOnlyDictionary<YamlNode, string> origins)
{
    private readonly List<string> _problems = [];
    private int _bindingProblems;

    public IReadOnlyList<string> Problems => _problems;

    public T? Bind<T>(YamlNode node) => (T?)Bind(node, typeof(T), "recipe", null, null);

    /// <summary>Where a node came from: <c>file:line</c>, or the <c>--set</c> that made it.</summary>
    public string Where(YamlNode node) =>
        origins.TryGetValue(node, out var origin) ? origin : $"{file}:{node.Start.Line}";

    private void Problem(YamlNode node, string message)
    {
        _problems.Add($"{Where(node)}: {message}");
        _bindingProblems++;
    }

    private void ValidationProblem(YamlNode node, string message) => _problems.Add($"{Where(node)}: {message}");

    /// <param name="existing">The value the parent's initialiser gave the property: a nested section is bound onto a
    /// copy of it, so the defaults a parent chose for its sub-section survive a partial override.</param>
    /// <param name="keyNode">The key introducing this value, where section-level problems are reported.</param>
    private object? Bind(YamlNode node, Type type, string path, object? existing, YamlNode? keyNode)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (IsNull(node))
        {
            if (underlying is not null || !type.IsValueType)
            {
                return null;
            }

            Problem(node, $"'{path}' needs a value");
            return null;
        }

        type = underlying ?? type;
        if (type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(decimal))
        {
            return node is YamlScalarNode scalar ? BindScalar(scalar, type, path) : Mismatch(node, path, Describe(type));
        }

        if (type == typeof(StageSection))
        {
            return BindStage(node, path);
        }

        if (ListElementType(type) is { } element)
        {
            return BindList(node, element, path);
        }

        if (DictionaryTypes(type) is var (keyType, valueType))
        {
            return BindDictionary(node, keyType, valueType, path);
        }

        return BindRecord(node, type, path, keyNode, existing);
    }

    private object? BindScalar(YamlScalarNode node, Type type, string path)
    {
        var text = node.Value ?? "";
        if (type == typeof(string))
        {
            return text;
        }

        if (type.IsEnum)
        {
            if (SnakeCase.TryParseEnum(type, text, out var value))
            {
                return value;
            }

            var allowed = SnakeCase.NamesOf(type);
            var guess = Suggestions.Closest(text, allowed);
            Problem(node, $"'{path}': '{text}' is not one of: {string.Join(", ", allowed)}{(guess is null ? "" : $" (did you mean '{guess}'?)")}");
            return null;
        }

        if (type == typeof(bool))
        {
            return text switch
            {
                "true" or "True" or "TRUE" => true,
                "false" or "False" or "FALSE" => false,
                _ => Mismatch(node, path, "true or false"),
            };
        }

        const NumberStyles integer = NumberStyles.Integer | NumberStyles.AllowThousands;
        const NumberStyles real = NumberStyles.Float | NumberStyles.AllowThousands;
        var invariant = CultureInfo.InvariantCulture;
        var cleaned = text.Replace("_", "", StringComparison.Ordinal);
        object? parsed = Type.GetTypeCode(type) switch
        {
            TypeCode.Int32 => int.TryParse(cleaned, integer, invariant, out var i) ? i : null,
            TypeCode.Int64 => long.TryParse(cleaned, integer, invariant, out var l) ? l : null,
            TypeCode.UInt64 => ulong.TryParse(cleaned, integer, invariant, out var u) ? u : null,
            TypeCode.Double => double.TryParse(cleaned, real, invariant, out var d) && double.IsFinite(d) ? d : null,
            TypeCode.Single => float.TryParse(cleaned, real, invariant, out var f) && float.IsFinite(f) ? f : null,
            _ => throw new NotSupportedException($"recipes cannot hold a {type.Name}"),
        };
        return parsed ?? Mismatch(node, path, Describe(type));
    }

    private object? BindStage(YamlNode node, string path)
    {
        var kinds = StageSection.Kinds;
        if (node is not YamlMappingNode { Children.Count: 1 } mapping)
        {
            Problem(node, $"'{path}': each stage is a single key naming its kind ({string.Join(", ", kinds.Keys)}) with its settings below it");
            return null;
        }

        var (key, body) = mapping.Children.Single();
        var kind = ((YamlScalarNode)key).Value ?? "";
        if (!kinds.TryGetValue(kind, out var stageType))
        {
            var guess = Suggestions.Closest(kind, kinds.Keys);
            Problem(key, $"unknown stage '{kind}'; allowed stages: {string.Join(", ", kinds.Keys)}{(guess is null ? "" : $" (did you mean '{guess}'?)")}");
            return null;
        }

        return BindRecord(body, stageType, kind, key);
    }

    private object? BindList(YamlNode node, Type element, string path)
    {
        if (node is not YamlSequenceNode sequence)
        {
            return Mismatch(node, path, "a list");
        }

        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        var index = 0;
        foreach (var item in sequence.Children)
        {
            list.Add(Bind(item, element, $"{path}[{index++}]", null, null));
        }

        return list;
    }

    private object? BindDictionary(YamlNode node, Type keyType, Type valueType, string path)
    {
        if (node is not YamlMappingNode mapping)
        {
            return Mismatch(node, path, "a mapping of names to values");
        }

        var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(keyType, valueType))!;
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            var boundKey = keyType == typeof(string) ? name : BindScalar((YamlScalarNode)key, keyType, $"{path} key");
            if (boundKey is null)
            {
                continue;
            }

            if (dictionary.Contains(boundKey))
            {
                Problem(key, $"'{path}': key '{name}' appears twice");
                continue;
            }

            dictionary[boundKey] = Bind(value, valueType, $"{path}.{name}", null, key);
        }

        return dictionary;
    }

    private object? BindRecord(YamlNode node, Type type, string path, YamlNode? keyNode = null, object? existing = null)
    {
        // An empty stage ("- report:") takes every default.
        var mapping = node as YamlMappingNode ?? (keyNode is not null && IsNull(node) ? new YamlMappingNode() : null);
        if (mapping is null)
        {
            return Mismatch(node, path, "a mapping of keys to values");
        }

        var problemsBefore = _bindingProblems;
        var properties = Settable(type);
        var instance = existing is not null && existing.GetType() == type ? Clone(existing) : Create(type);

        var keyLines = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            var name = key is YamlScalarNode scalar ? scalar.Value ?? "" : "";
            if (!properties.TryGetValue(name, out var property))
            {
                var guess = Suggestions.Closest(name, properties.Keys);
                Problem(key, $"unknown key '{name}' in '{path}'{(guess is null ? "" : $" (did you mean '{guess}'?)")}; allowed keys: {string.Join(", ", properties.Keys)}");
                continue;
            }

            if (!keyLines.TryAdd(name, key))
            {
                Problem(key, $"key '{name}' appears twice in '{path}'");
                continue;
            }

            var bound = Bind(value, property.PropertyType, $"{path}.{name}", property.GetValue(instance), key);
            if (bound is not null || !property.PropertyType.IsValueType || Nullable.GetUnderlyingType(property.PropertyType) is not null)
            {
                property.SetValue(instance, bound);
            }
        }

        foreach (var (name, property) in properties)
        {
            if (IsRequired(property) && !keyLines.ContainsKey(name))
            {
                Problem(keyNode ?? mapping, $"'{path}' needs the key '{name}'");
            }
        }

        // Cross-field checks only make sense once every field of this section bound cleanly.
        if (instance is IValidatedSection validated && _bindingProblems == problemsBefore)
        {
            foreach (var problem in validated.Validate())
            {
                // A nested key (sampling.temperature) points at its section's line.
                var at = keyLines.GetValueOrDefault(problem.Key) ?? keyLines.GetValueOrDefault(problem.Key.Split('.')[0]) ?? keyNode ?? mapping;
                ValidationProblem(at, $"'{path}.{problem.Key}': {problem.Message}");
            }
        }

        return instance;
    }

    /// <summary>A fresh record with its property initialisers (the documented defaults) applied.</summary>
    private static object Create(Type type)
    {
        var instance = RuntimeHelpers.GetUninitializedObject(type);
        type.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes)!.Invoke(instance, null);
        return instance;
    }

    /// <summary>A shallow copy of a record (its compiler-generated clone method), safe to set properties on.</summary>
    private static object Clone(object record) =>
        record.GetType().GetMethod("<Clone>$", BindingFlags.Instance | BindingFlags.Public)?.Invoke(record, null)
        ?? throw new NotSupportedException($"{record.GetType().Name} is not a record");

    // C#'s 'required' modifier compiles to [RequiredMember]; matched by name because a dependency ships its own copy.
    private static bool IsRequired(PropertyInfo property) =>
        property.CustomAttributes.Any(a => a.AttributeType.Name == "RequiredMemberAttribute");

    /// <summary>A type's recipe keys: snake_case names of its public settable properties, base class first.</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> Settable(Type type)
    {
        var result = new Dictionary<string, PropertyInfo>(StringComparer.Ordinal);
        foreach (var property in Declared(type))
        {
            result[SnakeCase.From(property.Name)] = property;
        }

        return result;
    }

    /// <summary>Public settable properties in declaration order, base class first (the order files are written in).</summary>
    public static IEnumerable<PropertyInfo> Declared(Type type)
    {
        var chain = new Stack<Type>();
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            chain.Push(t);
        }

        return chain.SelectMany(t => t
            .GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract"));
    }

    public static Type? ListElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericTypeDefinition() is var definition
          && (definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>) || definition == typeof(List<>) || definition == typeof(IEnumerable<>))
            ? type.GetGenericArguments()[0]
            : null;

    /// <summary>Key and value types of a dictionary a recipe can hold (keys are text or an enum).</summary>
    public static (Type Key, Type Value)? DictionaryTypes(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition
        && (definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>))
        && type.GetGenericArguments()[0] is var key && (key == typeof(string) || key.IsEnum)
            ? (key, type.GetGenericArguments()[1])
            : null;

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: not (YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted) } scalar
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private object? Mismatch(YamlNode node, string path, string expected)
    {
        var got = node switch
        {
            YamlScalarNode scalar => $"'{scalar.Value}'",
            YamlSequenceNode => "a list",
            YamlMappingNode => "a mapping",
            _ => "something else",
        };
        Problem(node, $"'{path}': expected {expected}, got {got}");
        return null;
    }

    private static string Describe(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Int32 or TypeCode.Int64 => "an integer",
        TypeCode.UInt64 => "a non-negative integer",
        TypeCode.Double or TypeCode.Single => "a number",
        TypeCode.Boolean => "true or false",
        TypeCode.String => "text",
        _ => type.Name,
    };
}
