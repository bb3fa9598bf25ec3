using ReasonRL.Core.Io;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Plots;

namespace ReasonRL.Training.Reports;

/// <summary>
/// The report section that shows process-reward hacking or its absence, for runs whose GRPO stages monitored a process
/// reward model (<c>prm/gap</c>): per configuration of the sweep (<see cref="SeedBands"/>), the true pass rate of its
/// training rollouts (solid) and the PRM's gap on the same rollouts (dashed: mean PRM solution score minus that pass
/// rate) on one chart in one colour, against step, mean over seeds over the min–max band. A policy that learns to
/// please the PRM rather than to be right shows as its dashed line rising while its solid line stalls or falls
/// (Gao et al. 2024, arXiv 2410.15115, call this reward hacking of a PRM). Written to <c>plots/prm_gap__STAGE.png</c>.
/// </summary>
internal static class PrmGapSection
{
    public const string Gap = "prm/gap";

    public static void Write(HtmlPage page, IReadOnlyList<RunReport.Arm> arms, string plotsFolder)
    {
        var stages = ConfigurationCurves.StagesWhere(arms, rows => rows.Any(r => r.ContainsKey(Gap)));
        if (stages.Count == 0)
        {
            return;
        }

        page.Heading(2, "Process reward hacking: PRM gap beside the true pass rate", "prm-gap");
        page.Paragraph("Per configuration, the pass rate of its training rollouts (solid) and the PRM gap on the same rollouts (dashed): "
            + "the process reward model's mean solution score minus that pass rate, mean over seeds with the min–max band. "
            + "A gap above zero that grows while the pass rate stalls is the signature of a policy that learned to please the PRM instead of being right.");
        foreach (var stage in stages)
        {
            var pairs = ConfigurationCurves.Of(arms, stage)
                .Select(c => (c.Label, Solid: ConfigurationCurves.Band($"{c.Label}: pass rate", c.Rows, MetricNames.PassRate), Dashed: ConfigurationCurves.Band($"{c.Label}: PRM gap", c.Rows, Gap)))
                .Where(c => c.Solid is not null && c.Dashed is not null)
                .Select(c => new BandPair(c.Label, c.Solid!, c.Dashed!))
                .ToList();
            if (pairs.Count == 0)
            {
                continue;
            }

            var title = $"{stage}: pass rate (solid) and PRM gap (dashed)";
            AtomicFile.Write(Path.Combine(plotsFolder, $"prm_gap__{stage}.png"), stream => stream.Write(LinePlot.PairedBandsPng(title, "step", pairs)));
            page.Charts([SvgChart.PairedBands(title, "step", MetricUnit.Fraction, pairs)]);
        }
    }
}
