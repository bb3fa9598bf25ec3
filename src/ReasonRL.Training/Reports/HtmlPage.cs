using System.Text;

namespace ReasonRL.Training.Reports;

/// <summary>
/// A small builder for one self-contained HTML page: styles inline, charts as inline SVG, no script and nothing fetched
/// from anywhere, so the file opens offline, prints, and can be mailed.
/// </summary>
internal sealed class HtmlPage(string title)
{
    private readonly StringBuilder _body = new();

    public HtmlPage Heading(int level, string text, string? id = null)
    {
        _body.Append($"<h{level}").Append(id is null ? "" : $" id=\"{Encode(id)}\"").Append('>').Append(Encode(text)).Append($"</h{level}>\n");
        return this;
    }

    public HtmlPage Paragraph(string text, string? cssClass = null)
    {
        _body.Append(cssClass is null ? "<p>" : $"<p class=\"{cssClass}\">").Append(Encode(text)).Append("</p>\n");
        return this;
    }

    public HtmlPage Raw(string html)
    {
        _body.Append(html).Append('\n');
        return this;
    }

    public HtmlPage Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.Append("<table><tr>");
        foreach (var cell in header)
        {
            _body.Append("<th>").Append(Encode(cell)).Append("</th>");
        }

        _body.Append("</tr>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row)
            {
                _body.Append("<td>").Append(Encode(cell)).Append("</td>");
            }

            _body.Append("</tr>\n");
        }

        _body.Append("</table>\n");
        return this;
    }

    /// <summary>Inline SVG charts in a responsive grid.</summary>
    public HtmlPage Charts(IEnumerable<string> svgs)
    {
        _body.Append("<div class=\"charts\">");
        foreach (var svg in svgs)
        {
            _body.Append("<figure>").Append(svg).Append("</figure>");
        }

        _body.Append("</div>\n");
        return this;
    }

    public HtmlPage Preformatted(string text)
    {
        _body.Append("<pre>").Append(Encode(text)).Append("</pre>\n");
        return this;
    }

    public HtmlPage Details(string summary, Action<HtmlPage> content, bool open = false)
    {
        _body.Append(open ? "<details open><summary>" : "<details><summary>").Append(Encode(summary)).Append("</summary>\n");
        content(this);
        _body.Append("</details>\n");
        return this;
    }

    public HtmlPage Section(string cssClass, Action<HtmlPage> content)
    {
        _body.Append($"<section class=\"{cssClass}\">\n");
        content(this);
        _body.Append("</section>\n");
        return this;
    }

    /// <summary>Escapes the five characters HTML gives meaning to; every other character stays as it is (the page is UTF-8).</summary>
    public static string Encode(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal);

    public override string ToString() => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Encode(title)}}</title>
        <style>
        :root { --ink: #1d232a; --muted: #66707a; --line: #e3e6ea; --ok: #1a7f37; --bad: #c2362b; --accent: #0072B2; }
        body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; padding: 1.5em 2em 4em; max-width: 1180px; color: var(--ink); }
        h1 { font-size: 1.7em; margin: 0 0 .2em; } h2 { font-size: 1.25em; margin: 2em 0 .6em; padding-bottom: .2em; border-bottom: 1px solid var(--line); }
        h3 { font-size: 1.05em; margin: 1.4em 0 .4em; } h4 { margin: .4em 0; font-size: .95em; }
        .lead { font-size: 1.15em; margin: .2em 0 .4em; } .muted, .meta { color: var(--muted); } .meta { font-size: .9em; }
        .findings { list-style: none; padding: 0; margin: .8em 0; } .findings li { margin: .35em 0; padding-left: .9em; border-left: 4px solid var(--c, var(--accent)); }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin: 1em 0; }
        .num { border: 1px solid var(--line); border-radius: 8px; padding: .5em .8em; } .num b { display: block; font-size: 1.6em; font-variant-numeric: tabular-nums; }
        .num span { color: var(--muted); font-size: .85em; } .num .up { color: var(--ok); } .num .down { color: var(--bad); }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 14px 18px; } figure { margin: 0; }
        svg.chart { width: 100%; height: auto; font: 10px system-ui, sans-serif; } svg .title { font-size: 11.5px; font-weight: 600; fill: var(--ink); }
        svg .tick, svg .axis, svg .legend { fill: var(--muted); } svg .legend { font-size: 9.5px; } svg .grid { stroke: #eef0f2; } svg .frame { stroke: #b8bec5; }
        table { border-collapse: collapse; margin: .6em 0; font-size: .9em; } td, th { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
        th { font-weight: 600; background: #f6f7f8; } td { font-variant-numeric: tabular-nums; }
        details { margin: .4em 0; } summary { cursor: pointer; font-weight: 600; padding: .2em 0; } details > :not(summary) { margin-left: 1em; }
        pre { background: #f6f7f8; padding: 8px 10px; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; font-size: .85em; }
        .side { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; } @media (max-width: 800px) { .side { grid-template-columns: 1fr; } }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: 6px 10px; margin: 8px 0; } .card pre { margin: 4px 0 2px; background: #fafbfc; }
        .card-head { font-size: .88em; } .prompt { color: var(--muted); }
        .badge { display: inline-block; padding: 0 7px; border-radius: 9px; color: #fff; font-size: .85em; font-weight: 600; } .badge.ok { background: var(--ok); } .badge.bad { background: var(--bad); }
        .chip { display: inline-block; padding: 0 6px; border-radius: 9px; background: #fff4d6; color: #7a5200; font-size: .8em; }
        .step.ok { text-decoration: underline 2px var(--ok); } .step.bad { text-decoration: underline 2px var(--bad); background: #fdecea; }
        .mark { font-size: .7em; font-weight: 700; } .mark.ok { color: var(--ok); } .mark.bad { color: var(--bad); }
        .bar { display: inline-block; height: .7em; background: var(--accent); border-radius: 2px; vertical-align: middle; }
        </style></head><body>
        {{_body}}</body></html>
        """;
}
