using ReasonRL.Core.Records;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Reports;

namespace ReasonRL.Training.Tests.Reports;

public sealed class MetricsAndReportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-report-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static void WriteStage(string stageFolder, Func<int, double> reward, int steps = 12)
    {
        Directory.CreateDirectory(stageFolder);
        using var metrics = new MetricsWriter(Path.Combine(stageFolder, "metrics.jsonl"), Path.Combine(stageFolder, "tensorboard"), null);
        using var samples = new SamplesWriter(Path.Combine(stageFolder, "samples.jsonl"), null);
        for (var step = 1; step <= steps; step++)
        {
            metrics.Write(step, new Dictionary<string, double> { ["reward"] = reward(step), ["kl"] = step * 0.01, ["time/sampling"] = 1.0 });
            samples.Write([new SampleRecord(step, $"p-{step}", "User: 1+1\nAssistant:", " <think></think> <answer>2</answer>", reward(step), Verdict.Correct())]);
        }
    }

    [Fact]
    public void Metrics_round_trip_and_resume_drops_the_steps_logged_after_the_checkpoint()
    {
        var path = Path.Combine(_folder, "metrics.jsonl");
        using (var writer = new MetricsWriter(path, Path.Combine(_folder, "tb"), null))
        {
            for (var step = 1; step <= 5; step++)
            {
                writer.Write(step, new Dictionary<string, double> { ["loss"] = 1.0 / step, ["eval_loss"] = double.NaN });
            }
        }

        using (var resumed = new MetricsWriter(path, Path.Combine(_folder, "tb"), resumeAfterStep: 3))
        {
            resumed.Write(4, new Dictionary<string, double> { ["loss"] = 0.2 });
        }

        var rows = MetricsFile.Read(path);
        Assert.Equal([1.0, 2.0, 3.0, 4.0], rows.Select(r => r["step"]));
        Assert.Equal(0.2, rows[3]["loss"]);
        Assert.True(double.IsNaN(rows[0]["eval_loss"]));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_folder, "tb"), "events.out.tfevents.*"));
    }

    [Fact]
    public void A_truncated_last_line_from_a_killed_run_is_ignored()
    {
        var path = Path.Combine(_folder, "metrics.jsonl");
        File.WriteAllText(path, "{\"step\":1,\"loss\":2}\n{\"step\":2,\"lo");

        Assert.Single(MetricsFile.Read(path));
    }

    [Fact]
    public void Seeds_of_a_configuration_are_compared_against_sampled_tokens_with_their_confidence_interval()
    {
        var run = Path.Combine(_folder, "run");
        foreach (var (arm, final) in new[] { ("outcome-s1", 0.5), ("outcome-s2", 0.7), ("outcome-s3", 0.6), ("prm-s1", 0.4) })
        {
            var stage = Path.Combine(run, arm, "grpo");
            Directory.CreateDirectory(stage);
            using (var metrics = new MetricsWriter(Path.Combine(stage, "metrics.jsonl"), Path.Combine(stage, "tensorboard"), null))
            {
                for (var step = 0; step <= 4; step++)
                {
                    metrics.Write(step, new Dictionary<string, double>
                    {
                        [MetricNames.SampledTokens] = step * 1000,
                        [MetricNames.Eval("pass@1")] = final * step / 4,
                        // The last five steps (0–4) average to final − 0.1.
                        ["prm/gap"] = final - 0.1 + (0.01 * (step - 2)),
                    });
                }
            }

            File.WriteAllText(Path.Combine(run, arm, "summary.json"),
                $$$"""{"recipe":"r","wall_seconds":60,"stages":[{"name":"grpo","wall_seconds":50,"summary":{"sampled_tokens":4000,"prm/gap":9}},{"name":"eval","wall_seconds":10,"summary":{"pass@1":{{{final.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}}}]}""");
        }

        var report = File.ReadAllText(RunReport.Write(run));

        // outcome: {0.5, 0.7, 0.6}, mean 0.6, s = 0.1, t_{0.975, 2} · s/√3 = 4.302653 × 0.057735 = 0.248414; its gaps
        // {0.4, 0.6, 0.5} have the same spread. One seed has no interval.
        Assert.Contains("Comparison across configurations and seeds", report, StringComparison.Ordinal);
        Assert.Contains("<td>outcome</td><td>3</td><td>60.0% ± 24.8 pts (50.0% – 70.0%)</td><td>4,000</td><td>+0.500 ± 0.248</td><td>1 min 00 s</td>", report, StringComparison.Ordinal);
        Assert.Contains("<td>prm</td><td>1</td><td>40.0% (40.0% – 40.0%)</td><td>4,000</td><td>+0.300</td>", report, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(run, "plots", "compare__grpo__eval_passa1.png")));
        Assert.True(File.Exists(Path.Combine(run, "plots", "compare__grpo__prm_gap.png")));

        // The interval chart: configurations with two or more seeds, the mean as a filled dot, every seed as an open one.
        var chart = report[report.IndexOf("<svg class=\"chart intervals\"", StringComparison.Ordinal)..];
        chart = chart[..(chart.IndexOf("</svg>", StringComparison.Ordinal) + 6)];
        Assert.Contains("60.0% ± 24.8", chart, StringComparison.Ordinal);
        Assert.Contains("95% CI 35.2% – 84.8% (3 seeds)", chart, StringComparison.Ordinal);
        Assert.DoesNotContain(">prm<", chart, StringComparison.Ordinal);
        Assert.Equal(3, chart.Split("one seed").Length - 1);
        var png = File.ReadAllBytes(Path.Combine(run, "plots", "compare__final_pass@1.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Fact]
    public void The_prm_gap_is_drawn_dashed_beside_the_true_pass_rate_in_each_configurations_colour()
    {
        var run = Path.Combine(_folder, "run");
        // hacked: the PRM gap climbs while the pass rate falls; honest: the pass rate climbs and the gap stays near zero.
        foreach (var (arm, hacked, seedShift) in new[] { ("hacked-s1", true, 0.0), ("hacked-s2", true, 0.02), ("honest-s1", false, 0.0) })
        {
            var stage = Path.Combine(run, arm, "grpo");
            Directory.CreateDirectory(stage);
            using (var metrics = new MetricsWriter(Path.Combine(stage, "metrics.jsonl"), Path.Combine(stage, "tensorboard"), null))
            {
                for (var step = 1; step <= 4; step++)
                {
                    metrics.Write(step, new Dictionary<string, double>
                    {
                        [MetricNames.PassRate] = (hacked ? 0.4 - (0.05 * step) : 0.3 + (0.05 * step)) + seedShift,
                        ["prm/gap"] = hacked ? 0.05 * step : -0.01,
                    });
                }
            }

            File.WriteAllText(Path.Combine(run, arm, "summary.json"), """{"recipe":"r","wall_seconds":3,"stages":[{"name":"grpo","wall_seconds":3,"summary":{}}]}""");
        }

        var report = File.ReadAllText(RunReport.Write(run));

        var section = report[report.IndexOf("PRM gap beside the true pass rate", StringComparison.Ordinal)..];
        var chart = section[section.IndexOf("<svg", StringComparison.Ordinal)..(section.IndexOf("</svg>", StringComparison.Ordinal) + 6)];
        var root = System.Xml.Linq.XElement.Parse(chart);
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2000/svg";
        var lines = root.Elements(ns + "polyline").Select(l => (Stroke: (string?)l.Attribute("stroke"), Dashed: l.Attribute("stroke-dasharray") is not null, Label: l.Value)).ToList();
        Assert.Equal(
            [(SvgChart.Palette[0], false, "hacked: pass rate"), (SvgChart.Palette[0], true, "hacked: PRM gap"),
             (SvgChart.Palette[1], false, "honest: pass rate"), (SvgChart.Palette[1], true, "honest: PRM gap")],
            lines);
        var png = File.ReadAllBytes(Path.Combine(run, "plots", "prm_gap__grpo.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Fact]
    public void A_report_without_a_monitored_prm_has_no_prm_gap_section()
    {
        WriteStage(Path.Combine(_folder, "run", "grpo"), step => 0.1 * step);

        var report = File.ReadAllText(RunReport.Write(Path.Combine(_folder, "run")));

        Assert.DoesNotContain("PRM gap beside the true pass rate", report, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "run", "plots", "prm_gap__grpo.png")));
    }

    [Fact]
    public void Each_configurations_visible_and_hidden_pass_rates_share_one_chart_solid_and_dashed_in_its_colour()
    {
        var run = Path.Combine(_folder, "run");
        // visible: the examples' pass rate climbs while the hidden one stays; hidden: both climb together.
        foreach (var (arm, hiddenSlope, seedShift) in new[] { ("visible-s1", 0.0, 0.0), ("visible-s2", 0.0, 0.1), ("hidden-s1", 0.05, 0.0) })
        {
            var stage = Path.Combine(run, arm, "grpo");
            Directory.CreateDirectory(stage);
            using (var metrics = new MetricsWriter(Path.Combine(stage, "metrics.jsonl"), Path.Combine(stage, "tensorboard"), null))
            {
                for (var step = 1; step <= 4; step++)
                {
                    var visible = 0.05 * step;
                    var hidden = seedShift + (hiddenSlope * step);
                    metrics.Write(step, new Dictionary<string, double>
                    {
                        [MetricNames.VerifierReward("code_visible")] = visible + seedShift,
                        [MetricNames.VerifierReward("code")] = hidden,
                        [MetricNames.FlagRate(VerdictFlags.SpecialCasing)] = hiddenSlope > 0 ? 0 : 0.02 * step,
                    });
                }
            }

            File.WriteAllText(Path.Combine(run, arm, "summary.json"), """{"recipe":"r","wall_seconds":3,"stages":[{"name":"grpo","wall_seconds":3,"summary":{}}]}""");
        }

        var report = File.ReadAllText(RunReport.Write(run));

        var section = report[report.IndexOf("Visible vs hidden tests", StringComparison.Ordinal)..];
        var chart = section[section.IndexOf("<svg", StringComparison.Ordinal)..(section.IndexOf("</svg>", StringComparison.Ordinal) + 6)];
        var root = System.Xml.Linq.XElement.Parse(chart);
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2000/svg";
        var lines = root.Elements(ns + "polyline").Select(l => (Stroke: (string?)l.Attribute("stroke"), Dashed: l.Attribute("stroke-dasharray") is not null, Label: l.Value)).ToList();
        // Configurations in the arms' order (hidden before visible): one solid and one dashed line each, in its colour.
        Assert.Equal(
            [(SvgChart.Palette[0], false, "hidden: visible"), (SvgChart.Palette[0], true, "hidden: hidden"),
             (SvgChart.Palette[1], false, "visible: visible"), (SvgChart.Palette[1], true, "visible: hidden")],
            lines);
        Assert.Equal(2, root.Elements(ns + "polygon").Count()); // the two-seed configuration's bands
        Assert.Contains("grpo: flags/special_casing", section, StringComparison.Ordinal);
        Assert.DoesNotContain("grpo: flags/passes_visible_fails_hidden", section, StringComparison.Ordinal); // not logged
        var png = File.ReadAllBytes(Path.Combine(run, "plots", "visible_vs_hidden__grpo.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Fact]
    public void A_report_without_code_pass_rates_has_no_visible_vs_hidden_section()
    {
        WriteStage(Path.Combine(_folder, "run", "grpo"), step => 0.1 * step);

        var report = File.ReadAllText(RunReport.Write(Path.Combine(_folder, "run")));

        Assert.DoesNotContain("Visible vs hidden tests", report, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "run", "plots", "visible_vs_hidden__grpo.png")));
    }

    [Fact]
    public void The_report_overlays_sweep_arms_and_shows_early_and_late_samples()
    {
        var run = Path.Combine(_folder, "run");
        foreach (var (arm, slope) in new[] { ("beta0", 0.05), ("beta1", 0.02) })
        {
            WriteStage(Path.Combine(run, arm, "grpo"), step => slope * step);
            File.WriteAllText(Path.Combine(run, arm, "summary.json"),
                """{"recipe":"r","wall_seconds":3,"stages":[{"name":"grpo","wall_seconds":3,"summary":{"pass@1":0.5}}]}""");
        }

        File.WriteAllText(Path.Combine(run, "recipe.resolved.yaml"), "name: r\ndescription: A test run\n");

        var report = File.ReadAllText(RunReport.Write(run));

        Assert.Contains("<p class=\"lead\">A test run</p>", report, StringComparison.Ordinal);
        Assert.Contains("Headline curves · stage grpo", report, StringComparison.Ordinal);
        Assert.Contains("<b>beta0</b>: held-out pass@1 50.0% (grpo); 3 s.", report, StringComparison.Ordinal);
        Assert.Contains("Early: step 1", report, StringComparison.Ordinal);
        Assert.Contains("Late: step 12", report, StringComparison.Ordinal);
        Assert.Contains("Samples of beta1", report, StringComparison.Ordinal);
        // Both arms on one reward chart, each in its own colour.
        var rewardChart = report[report.IndexOf("aria-label=\"reward\"", StringComparison.Ordinal)..];
        rewardChart = rewardChart[..rewardChart.IndexOf("</svg>", StringComparison.Ordinal)];
        Assert.Contains($"stroke=\"{SvgChart.Palette[0]}\"", rewardChart, StringComparison.Ordinal);
        Assert.Contains($"stroke=\"{SvgChart.Palette[1]}\"", rewardChart, StringComparison.Ordinal);
        Assert.DoesNotContain("data:image/png", report, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", report, StringComparison.Ordinal);
        var png = File.ReadAllBytes(Path.Combine(run, "plots", "grpo__reward.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Fact]
    public void The_first_screen_tells_the_held_out_change_from_the_first_to_the_last_evaluation()
    {
        var run = Path.Combine(_folder, "run");
        var grpo = Path.Combine(run, "grpo");
        Directory.CreateDirectory(grpo);
        using (var metrics = new MetricsWriter(Path.Combine(grpo, "metrics.jsonl"), Path.Combine(grpo, "tensorboard"), null))
        {
            for (var step = 0; step <= 20; step++)
            {
                var row = new Dictionary<string, double> { ["reward"] = step / 20.0, ["kl"] = 0.001 * step, ["time/sampling"] = 3, ["time/update"] = 1 };
                if (step % 10 == 0)
                {
                    row[MetricNames.Eval("pass@1")] = 0.2 + (step / 100.0);
                }

                metrics.Write(step, row);
            }
        }

        File.WriteAllText(Path.Combine(run, "summary.json"), """
            {"recipe":"r","wall_seconds":840,"stages":[
              {"name":"base_eval","kind":"eval","wall_seconds":20,"summary":{"pass@1":0.13,"maj@8":0.2,"mean_length":37.2,"reflection_rate":0.01}},
              {"name":"grpo","kind":"grpo","wall_seconds":800,"summary":{"compute/flops":21356328294400}},
              {"name":"final_eval","kind":"eval","inputs":["grpo"],"wall_seconds":20,"summary":{"pass@1":0.4081,"maj@8":0.5,"mean_length":56,"reflection_rate":0.03}}]}
            """);

        var report = File.ReadAllText(RunReport.Write(run));

        Assert.Contains("held-out pass@1 13.0% → 40.8% (base_eval → final_eval), maj@8 20.0% → 50.0%, mean length 37.2 → 56 tokens, reflection rate 1.0% → 3.0%; 14 min 00 s, 21.4 TFLOP.", report, StringComparison.Ordinal);
        Assert.Contains("<span>held-out pass@1</span><b>40.8%</b><span class=\"up\">+27.8 pts</span>", report, StringComparison.Ordinal);
        Assert.Contains("<td>sampling</td><td>3 s</td>", report, StringComparison.Ordinal);
        Assert.True(report.IndexOf("What the run found", StringComparison.Ordinal) < report.IndexOf("Headline curves", StringComparison.Ordinal));
        Assert.True(report.IndexOf("Headline curves", StringComparison.Ordinal) < report.IndexOf("Details", StringComparison.Ordinal));
    }

    [Fact]
    public void A_run_that_logged_nothing_yet_still_gets_a_report()
    {
        var run = Path.Combine(_folder, "empty");
        Directory.CreateDirectory(run);

        var report = File.ReadAllText(RunReport.Write(run));

        Assert.Contains("No stage has finished a logged step yet.", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Headline_curves_follow_their_order_and_k_stands_for_any_number()
    {
        string[] logged = ["time/sampling", "kl", "eval/maj@4", "eval/pass@4", "eval/pass@1", "eval/maj@k2", "completions/mean_length", "reward"];

        var headline = RunReport.HeadlineOf(logged);

        Assert.Equal(["eval/pass@1", "eval/maj@4", "reward", "completions/mean_length", "kl"], headline);
    }
}
