using ReasonRL.Core.Io;
using ReasonRL.Core.Records;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Plots;

namespace ReasonRL.Training.Reports;

/// <summary>
/// The report section that shows reward hacking or its absence, for runs that log a code stage's visible and hidden
/// pass rates (the <c>code_visible</c> and <c>code</c> verifiers, one of them at weight 0): per configuration of the
/// sweep (<see cref="SeedBands"/>), its visible pass rate (solid) and hidden pass rate (dashed) on one chart in one
/// colour, so a policy that learns to pass the examples it sees without solving the task shows as its two lines
/// parting; then the special-casing and passes-visible-fails-hidden flag rates, mean and min–max over seeds. Written
/// to <c>plots/visible_vs_hidden__STAGE.png</c> too.
/// </summary>
internal static class VisibleHiddenSection
{
    /// <summary>The visible tests' pass rate: the code family's <c>code_visible</c> verifier's column.</summary>
    public static readonly string Visible = MetricNames.VerifierReward("code_visible");

    /// <summary>The hidden tests' pass rate: the code family's <c>code</c> verifier's column.</summary>
    public static readonly string Hidden = MetricNames.VerifierReward("code");

    private static readonly string[] Flags =
        [MetricNames.FlagRate(VerdictFlags.SpecialCasing), MetricNames.FlagRate(VerdictFlags.PassesVisibleFailsHidden)];

    public static void Write(HtmlPage page, IReadOnlyList<RunReport.Arm> arms, string plotsFolder)
    {
        var stages = ConfigurationCurves.StagesWhere(arms, rows => rows.Any(r => r.ContainsKey(Visible)) && rows.Any(r => r.ContainsKey(Hidden)));
        if (stages.Count == 0)
        {
            return;
        }

        page.Heading(2, "Visible vs hidden tests", "visible-hidden");
        page.Paragraph("Per configuration, the pass rate on the examples shown in the prompt (solid) and on the hidden tests (dashed), "
            + "mean over seeds with the min–max band. A policy that special-cases the examples passes the first without the second: its two lines part. "
            + "special_casing: the program compares its arguments with an example's and returns that example's answer; "
            + "passes_visible_fails_hidden: it passes every example and fails a hidden test.");
        foreach (var stage in stages)
        {
            var configurations = ConfigurationCurves.Of(arms, stage);
            var pairs = configurations
                .Select(c => (c.Label, Solid: ConfigurationCurves.Band($"{c.Label}: visible", c.Rows, Visible), Dashed: ConfigurationCurves.Band($"{c.Label}: hidden", c.Rows, Hidden)))
                .Where(c => c.Solid is not null && c.Dashed is not null)
                .Select(c => new BandPair(c.Label, c.Solid!, c.Dashed!))
                .ToList();
            var title = $"{stage}: visible (solid) vs hidden (dashed) pass rate";
            var charts = new List<string> { SvgChart.PairedBands(title, "step", MetricUnit.Fraction, pairs) };
            AtomicFile.Write(Path.Combine(plotsFolder, $"visible_vs_hidden__{stage}.png"), stream => stream.Write(LinePlot.PairedBandsPng(title, "step", pairs)));
            foreach (var flag in Flags)
            {
                var bands = configurations.Select(c => ConfigurationCurves.Band(c.Label, c.Rows, flag)).OfType<SeedBand>().ToList();
                if (bands.Count > 0)
                {
                    charts.Add(SvgChart.Bands($"{stage}: {flag}", "step", MetricUnit.Fraction, bands));
                }
            }

            page.Charts(charts);
        }
    }
}
