using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReasonRL.Core.Io;
using ReasonRL.Core.Json;
using ReasonRL.Core.Llc;
using ReasonRL.Training.Plots;

namespace ReasonRL.Training.Llc;

/// <summary>
/// What an LLC estimate leaves in a folder: <c>llc.json</c> (the estimate, per-chain values, settings, warnings),
/// <c>traces.csv</c> (chain, step, phase, loss: every SGLD step of every chain) and <c>traces.png</c> (the loss
/// traces, burn-in marked, with L_n(w*)), each written atomically.
/// </summary>
public static class LlcFiles
{
    public const string SummaryFile = "llc.json";
    public const string TracesFile = "traces.csv";
    public const string PlotFile = "traces.png";

    public static void Write(string folder, LlcResult result, string checkpoint, string data)
    {
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllText(Path.Combine(folder, SummaryFile), Summary(result, checkpoint, data).ToJsonString(RecordJson.Indented) + "\n");
        AtomicFile.WriteAllText(Path.Combine(folder, TracesFile), Csv(result));
        var png = Plot(result, $"SGLD loss traces: λ̂ = {result.Summary.Mean:F2} ± {result.Summary.StandardError:F2}");
        AtomicFile.Write(Path.Combine(folder, PlotFile), stream => stream.Write(png));
    }

    public static JsonObject Summary(LlcResult result, string checkpoint, string data) => new()
    {
        ["llc"] = result.Summary.Mean,
        ["llc_std_error"] = result.Summary.StandardError,
        ["llc_std"] = result.Summary.StandardDeviation,
        ["llc_per_chain"] = new JsonArray([.. result.Summary.PerChain.Select(v => (JsonNode)v)]),
        ["init_loss"] = result.Summary.InitLoss,
        ["n"] = result.Terms,
        ["n_beta"] = result.Summary.NBeta,
        ["checkpoint"] = checkpoint,
        ["data"] = data,
        ["seed"] = result.Seed,
        ["seconds"] = Math.Round(result.Seconds, 2),
        ["sampler"] = JsonSerializer.SerializeToNode(result.Sampler, RecordJson.Options),
        ["warnings"] = new JsonArray([.. result.Warnings.Select(w => (JsonNode)new JsonObject
        {
            ["chain"] = w.Chain,
            ["problem"] = SnakeCase.From(w.Problem.ToString()),
            ["detail"] = w.Detail,
            ["advice"] = ChainDiagnostics.Advice(w.Problem),
        })]),
    };

    public static string Csv(LlcResult result)
    {
        var text = new StringBuilder("chain,step,phase,loss\n");
        for (var chain = 0; chain < result.Traces.Count; chain++)
        {
            var trace = result.Traces[chain];
            for (var step = 0; step < trace.Length; step++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{chain},{step},{(step < result.Sampler.BurnIn ? "burn_in" : "draw")},{trace[step].ToString("R", CultureInfo.InvariantCulture)}\n");
            }
        }

        return text.ToString();
    }

    /// <summary>One line per chain (loss against SGLD step, up to a divergence), L_n(w*) flat, and a marker at the end of burn-in.</summary>
    public static byte[] Plot(LlcResult result, string title)
    {
        var steps = result.Traces.Max(t => t.Length);
        var finite = result.Traces.SelectMany(t => t).Where(double.IsFinite).DefaultIfEmpty(result.Summary.InitLoss).ToArray();
        List<Series> series =
        [
            .. result.Traces.Select((t, c) => t.TakeWhile(double.IsFinite).ToArray()).Select((t, c) => new Series($"chain {c}", [.. Enumerable.Range(0, t.Length).Select(i => (double)i)], t)),
            new Series("L_n(w*)", [0, steps - 1], [result.Summary.InitLoss, result.Summary.InitLoss]),
            new Series("end of burn-in", [result.Sampler.BurnIn, result.Sampler.BurnIn], [finite.Min(), finite.Max()]),
        ];
        return LinePlot.Png(title, "SGLD step", series, smooth: false);
    }
}
