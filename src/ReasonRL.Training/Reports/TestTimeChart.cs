using System.Globalization;
using ReasonRL.Core.Evaluation;
using ReasonRL.Training.Evaluation;
using ReasonRL.Training.Plots;

namespace ReasonRL.Training.Reports;

/// <summary>
/// The report's test-time compute section: held-out accuracy against the samples per problem k (on a log₂ axis) for
/// pass@k, maj@k and PRM best-of-k, one line per evaluation that wrote a curve (e.g. the base model and the model
/// after RL), and the numbers in a table.
/// </summary>
internal static class TestTimeChart
{
    /// <param name="evaluations">Each evaluation's label and stage folder; those without <see cref="TestTimeCurve.FileName"/> are skipped.</param>
    public static void Write(HtmlPage page, IEnumerable<(string Label, string Folder)> evaluations)
    {
        var curves = evaluations
            .Select(e => (e.Label, Curve: TestTimeCurve.Read(e.Folder)))
            .Where(e => e.Curve is { Count: > 0 })
            .Select(e => (e.Label, Curve: e.Curve!))
            .ToList();
        if (curves.Count == 0)
        {
            return;
        }

        page.Heading(2, "Test-time compute: accuracy against samples per problem", "test-time");
        page.Paragraph(
            "From one set of n samples per held-out problem: pass@k, the chance that some of k samples is correct (an oracle picks; Chen et al. 2021's " +
            "unbiased estimator); maj@k, the chance that the most frequent answer of k samples is correct (self-consistency); best-of-k, the chance that " +
            "the sample the process reward model scores highest is correct. Each is the expectation over random k-subsets of the n samples.");
        var colors = curves.Select((_, i) => SvgChart.Palette[i % SvgChart.Palette.Count]).ToList();
        var methods = new List<(string Title, Func<ScalingPoint, double?> Value)>
        {
            ("pass@k (oracle)", p => p.PassAtK),
            ("maj@k (majority vote)", p => p.MajAtK),
        };
        if (curves.Any(c => c.Curve.Any(p => p.BestOfK is not null)))
        {
            methods.Add(("best-of-k (PRM picks)", p => p.BestOfK));
        }

        page.Charts(methods.Select(m => SvgChart.Lines(
            m.Title, "log₂ k", MetricUnit.Fraction,
            [.. curves.Select(c =>
            {
                var points = c.Curve.Where(p => m.Value(p) is not null).ToList();
                return new Series(c.Label, [.. points.Select(p => Math.Log2(p.K))], [.. points.Select(p => m.Value(p)!.Value)]);
            })],
            colors)));
        page.Table(
            ["evaluation", "k", "pass@k", "maj@k", "best-of-k"],
            curves.SelectMany(c => c.Curve.Select(p => (IReadOnlyList<string>)
            [
                c.Label, p.K.ToString(CultureInfo.InvariantCulture), Readable.Value(MetricUnit.Fraction, p.PassAtK), Readable.Value(MetricUnit.Fraction, p.MajAtK),
                p.BestOfK is { } b ? Readable.Value(MetricUnit.Fraction, b) : "",
            ])));
    }
}
