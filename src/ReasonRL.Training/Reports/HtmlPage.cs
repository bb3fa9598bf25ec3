using System.Net;
using System.Text;

namespace ReasonRL.Training.Reports;

/// <summary>A small builder for one self-contained HTML page (styles inline, images embedded as data URIs).</summary>
internal sealed class HtmlPage(string title)
{
    private readonly StringBuilder _body = new();

    public HtmlPage Heading(int level, string text)
    {
        _body.Append($"<h{level}>").Append(Encode(text)).Append($"</h{level}>\n");
        return this;
    }

    public HtmlPage Paragraph(string text)
    {
        _body.Append("<p>").Append(Encode(text)).Append("</p>\n");
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

    /// <summary>PNG images in a grid, each with its caption.</summary>
    public HtmlPage Figures(IEnumerable<(string Caption, byte[] Png)> figures)
    {
        _body.Append("<div class=\"grid\">");
        foreach (var (caption, png) in figures)
        {
            _body.Append("<figure><img alt=\"").Append(Encode(caption)).Append("\" src=\"data:image/png;base64,")
                .Append(Convert.ToBase64String(png)).Append("\"><figcaption>").Append(Encode(caption)).Append("</figcaption></figure>");
        }

        _body.Append("</div>\n");
        return this;
    }

    public HtmlPage Preformatted(string text)
    {
        _body.Append("<pre>").Append(Encode(text)).Append("</pre>\n");
        return this;
    }

    public HtmlPage Details(string summary, Action<HtmlPage> content)
    {
        _body.Append("<details><summary>").Append(Encode(summary)).Append("</summary>\n");
        content(this);
        _body.Append("</details>\n");
        return this;
    }

    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    public override string ToString() => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{{Encode(title)}}</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
        h1 { border-bottom: 2px solid #ddd; } h2 { margin-top: 2em; border-bottom: 1px solid #eee; }
        table { border-collapse: collapse; margin: 1em 0; } td, th { border: 1px solid #ccc; padding: 4px 10px; text-align: left; }
        th { background: #f4f4f4; } td { font-variant-numeric: tabular-nums; }
        .grid { display: flex; flex-wrap: wrap; gap: 12px; } figure { margin: 0; } figcaption { font-size: 0.8em; color: #666; }
        pre { background: #f8f8f8; padding: 8px; overflow-x: auto; white-space: pre-wrap; font-size: 0.85em; }
        .side { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; } .ok { color: #186a3b; } .bad { color: #a93226; }
        </style></head><body>
        {{_body}}</body></html>
        """;
}
