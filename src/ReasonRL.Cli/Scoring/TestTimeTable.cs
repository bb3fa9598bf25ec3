using System.Globalization;
using System.Text;
using ReasonRL.Core.Evaluation;

namespace ReasonRL.Cli.Scoring;

/// <summary>The text table of <c>reasonrl eval --test-time</c>: held-out accuracy at each sample budget k.</summary>
internal static class TestTimeTable
{
    public static string Write(IReadOnlyList<ScalingPoint> curve)
    {
        var scored = curve.Any(p => p.BestOfK is not null);
        string[] header = scored ? ["k", "pass@k", "maj@k", "best-of-k (PRM)"] : ["k", "pass@k", "maj@k"];
        var cells = curve.Select(p => new[]
        {
            p.K.ToString(CultureInfo.InvariantCulture),
            p.PassAtK.ToString("F3", CultureInfo.InvariantCulture),
            p.MajAtK.ToString("F3", CultureInfo.InvariantCulture),
            p.BestOfK?.ToString("F3", CultureInfo.InvariantCulture) ?? "",
        }.Take(header.Length).ToArray()).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => cells.Max(row => row[c].Length)).ToArray();

        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("test-time compute: expected accuracy over random k-subsets of each problem's samples");
        foreach (var row in cells)
        {
            text.AppendJoin("  ", row.Select((cell, c) => cell.PadLeft(widths[c])));
            text.AppendLine();
        }

        return text.ToString();
    }
}
