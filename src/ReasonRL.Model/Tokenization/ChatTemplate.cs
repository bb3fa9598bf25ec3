using System.Globalization;
using System.Text.Json;
using ReasonRL.Core;
using ReasonRL.Jinja;

namespace ReasonRL.Model.Tokenization;

/// <summary>
/// A model's chat template (the Jinja <c>chat_template</c> of its <c>tokenizer_config.json</c>), rendered as
/// transformers' <c>apply_chat_template</c> renders it: variables <c>messages</c>, <c>add_generation_prompt</c>,
/// <c>bos_token</c>, <c>eos_token</c>, <c>tools</c> when given, and the function <c>strftime_now</c>.
/// </summary>
public sealed class ChatTemplate
{
    private readonly Template _template;
    private readonly string _source;
    private readonly TimeProvider _clock;

    /// <param name="source">Names the template in error messages (e.g. the tokenizer_config.json path).</param>
    public ChatTemplate(string template, string? bosToken, string? eosToken, string source, TimeProvider? clock = null)
    {
        _source = source;
        BosToken = bosToken ?? "";
        EosToken = eosToken ?? "";
        _clock = clock ?? TimeProvider.System;
        try
        {
            _template = new Template(template);
        }
        catch (JinjaException e)
        {
            throw new InputException($"{source}: field 'chat_template': {e.Message}");
        }
    }

    public string BosToken { get; }

    public string EosToken { get; }

    /// <summary>The template of a loaded tokenizer, or null when its tokenizer_config.json has none.</summary>
    public static ChatTemplate? Of(TextTokenizer tokenizer, string source = "tokenizer_config.json") =>
        tokenizer.Config.ChatTemplate is { } template
            ? new ChatTemplate(template, tokenizer.Config.BosToken, tokenizer.Config.EosToken, source)
            : null;

    /// <summary>
    /// Renders <paramref name="messages"/> (a JSON array of {"role", "content", …} objects, as transformers takes
    /// them). A template that refuses the conversation (<c>raise_exception</c>) or fails is an
    /// <see cref="InputException"/> naming the template.
    /// </summary>
    public string Render(JsonElement messages, bool addGenerationPrompt, JsonElement? tools = null, IReadOnlyDictionary<string, object?>? extra = null)
    {
        var context = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["messages"] = Values.FromJson(messages),
            ["add_generation_prompt"] = addGenerationPrompt,
            ["bos_token"] = BosToken,
            ["eos_token"] = EosToken,
            ["strftime_now"] = (JinjaFunction)((arguments, _) => Strftime(_clock.GetLocalNow(), arguments.Count > 0 ? Values.ToText(arguments[0]) : "")),
        };
        if (tools is { ValueKind: JsonValueKind.Array } list)
        {
            context["tools"] = Values.FromJson(list);
        }

        foreach (var (name, value) in extra ?? new Dictionary<string, object?>())
        {
            context[name] = value;
        }

        try
        {
            return _template.Render(context);
        }
        catch (JinjaException e)
        {
            throw new InputException($"{_source}: the chat template refused the conversation: {e.Message}");
        }
    }

    /// <summary>Python's <c>strftime</c> for the directives chat templates use (%d %b %B %Y %m %y %H %M %S %A %a %j %%).</summary>
    internal static string Strftime(DateTimeOffset now, string format)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 == format.Length)
            {
                builder.Append(format[i]);
                continue;
            }

            i++;
            builder.Append(format[i] switch
            {
                'd' => now.ToString("dd", CultureInfo.InvariantCulture),
                'b' => now.ToString("MMM", CultureInfo.InvariantCulture),
                'B' => now.ToString("MMMM", CultureInfo.InvariantCulture),
                'Y' => now.ToString("yyyy", CultureInfo.InvariantCulture),
                'y' => now.ToString("yy", CultureInfo.InvariantCulture),
                'm' => now.ToString("MM", CultureInfo.InvariantCulture),
                'H' => now.ToString("HH", CultureInfo.InvariantCulture),
                'M' => now.ToString("mm", CultureInfo.InvariantCulture),
                'S' => now.ToString("ss", CultureInfo.InvariantCulture),
                'A' => now.ToString("dddd", CultureInfo.InvariantCulture),
                'a' => now.ToString("ddd", CultureInfo.InvariantCulture),
                'j' => now.DayOfYear.ToString("000", CultureInfo.InvariantCulture),
                '%' => "%",
                var other => "%" + other,
            });
        }

        return builder.ToString();
    }
}
