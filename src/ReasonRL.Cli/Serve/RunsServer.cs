using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ReasonRL.Cli.Serve;

/// <summary>
/// The live view's web server (ASP.NET Core on Kestrel): the page and its scripts from this assembly (the chart
/// library, uPlot, vendored from its npm package, so nothing is fetched from the internet), and a small JSON API over
/// <see cref="RunsDirectory"/>. The page polls it: new metrics lines show up within the poll interval, no reload.
/// <list type="bullet">
/// <item><c>GET /api/runs</c>: every run with its series (stages that log metrics), findings and whether it is live.</item>
/// <item><c>GET /api/metrics?series=ID&amp;from=N</c>: the series' metrics lines from line N on, and the line count.</item>
/// <item><c>GET /api/samples?series=ID</c>: the series' logged completions with their verdicts.</item>
/// </list>
/// </summary>
internal static class RunsServer
{
    /// <summary>Builds the server, bound to <paramref name="host"/>:<paramref name="port"/> (0: any free port).</summary>
    public static WebApplication Build(RunsDirectory runs, string host, int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = typeof(RunsServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders(); // the verb logs what a user needs (the address); request logs would drown it

        builder.WebHost.UseKestrel(options => options.Listen(System.Net.IPAddress.Parse(host), port));
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        var app = builder.Build();

        app.MapGet("/api/runs", () => Results.Json(new { root = runs.Root, runs = runs.Runs() }));
        app.MapGet("/api/metrics", (string? series, int? from) =>
            runs.StageFolder(series) is { } folder && RunsDirectory.MetricsFrom(folder, from ?? 0) is var (lines, total, reset)
                ? JsonArrayResult($"{{\"total\":{total},\"reset\":{(reset ? "true" : "false")},\"rows\":", lines, "}")
                : Results.NotFound(new { error = $"no series '{series}' under {runs.Root}" }));
        app.MapGet("/api/samples", (string? series) =>
            runs.StageFolder(series) is { } folder
                ? JsonArrayResult("", RunsDirectory.Samples(folder), "")
                : Results.NotFound(new { error = $"no series '{series}' under {runs.Root}" }));
        app.MapGet("/{*path}", (string? path) => Asset(string.IsNullOrEmpty(path) ? "index.html" : path));
        return app;
    }

    /// <summary>The address the server listens on, once started.</summary>
    public static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";

    /// <summary>JSON lines as they are on disk, joined into an array (the records are passed through, not re-serialised).</summary>
    private static IResult JsonArrayResult(string prefix, IReadOnlyList<string> lines, string suffix) =>
        Results.Text(prefix + "[" + string.Join(",", lines) + "]" + suffix, "application/json; charset=utf-8", Encoding.UTF8);

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    /// <summary>A file of the page (embedded under <c>wwwroot/</c> at build time), or 404.</summary>
    private static IResult Asset(string path)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var stream = assembly.GetManifestResourceStream("wwwroot/" + path);
        return stream is null || !ContentTypes.TryGetValue(Path.GetExtension(path), out var type)
            ? Results.NotFound()
            : Results.Stream(stream, type);
    }
}
