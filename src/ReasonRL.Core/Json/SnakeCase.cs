using System.Text;

namespace ReasonRL.Core.Json;

/// <summary>The one spelling of names in files: snake_case (<c>BadFormat</c> ↔ <c>bad_format</c>).</summary>
public static class SnakeCase
{
    public static string From(string pascalCase)
    {
        var builder = new StringBuilder(pascalCase.Length + 4);
        for (var i = 0; i < pascalCase.Length; i++)
        {
            var c = pascalCase[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(pascalCase[i - 1]) || char.IsDigit(pascalCase[i - 1]));
                var nextIsLower = i + 1 < pascalCase.Length && char.IsLower(pascalCase[i + 1]);
                if (i > 0 && (previousIsLowerOrDigit || (nextIsLower && char.IsUpper(pascalCase[i - 1]))))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>The snake_case names of an enum's values, in declaration order.</summary>
    public static IReadOnlyList<string> NamesOf(Type enumType) =>
        [.. Enum.GetNames(enumType).Select(From)];

    /// <summary>Parses a snake_case enum name; false when <paramref name="text"/> names no value.</summary>
    public static bool TryParseEnum(Type enumType, string text, out object? value)
    {
        foreach (var name in Enum.GetNames(enumType))
        {
            if (string.Equals(From(name), text, StringComparison.Ordinal))
            {
                value = Enum.Parse(enumType, name);
                return true;
            }
        }

        value = null;
        return false;
    }

    public static bool TryParseEnum<TEnum>(string text, out TEnum value)
        where TEnum : struct, Enum
    {
        if (TryParseEnum(typeof(TEnum), text, out var boxed))
        {
            value = (TEnum)boxed!;
            return true;
        }

        value = default;
        return false;
    }
}
