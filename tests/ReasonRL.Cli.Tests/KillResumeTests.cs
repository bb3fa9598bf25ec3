using System.Diagnostics;
using ReasonRL.Model.Checkpoints;

namespace ReasonRL.Cli.Tests;

/// <summary>
/// A training run killed with SIGKILL resumes with --resume from its last checkpoint and logs exactly the losses an
/// uninterrupted run logs; the kill leaves no half-written checkpoint behind.
/// </summary>
public sealed class KillResumeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-kill-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Recipe(string name)
    {
        var path = Path.Combine(_folder, $"{name}.yaml");
        File.WriteAllText(path, $"""
            name: {name}
            runs_dir: {Path.Combine(_folder, "runs")}
            stages:
              - pretrain:
                  name: base
                  model: {"{"}preset: tiny, context_length: 48{"}"}
                  corpus:
                    families: [{"{"}family: arithmetic, difficulties: [1]{"}"}]
                  steps: 120
                  batch_size: 4
                  checkpoint_every: 10
                  eval_loss_every: 40
                  eval_batches: 1
                  log_every: 1000
                  eval: {"{"}samples: 0{"}"}
            """);
        return path;
    }

    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "reasonrl.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    private List<string> Losses(string run) =>
        [.. File.ReadLines(Path.Combine(_folder, "runs", run, "base", "metrics.jsonl"))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Select(r => $"{r.GetProperty("step").GetInt32()}:{r.GetProperty("loss").GetDouble():R}")];

    [Fact]
    public async Task A_run_killed_with_sigkill_resumes_to_the_same_losses_as_an_uninterrupted_run()
    {
        using (var straight = Start("train", Recipe("straight")))
        {
            await straight.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            Assert.Equal(0, straight.ExitCode);
        }

        var killedRecipe = Recipe("killed");
        var checkpoints = Path.Combine(_folder, "runs", "killed", "base", "checkpoints");
        using (var killed = Start("train", killedRecipe))
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
            while (!Directory.Exists(Path.Combine(checkpoints, "step-000020")) && !killed.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5);
            }

            killed.Kill();
            await killed.WaitForExitAsync();
        }

        Assert.False(Directory.Exists(Path.Combine(_folder, "runs", "killed", "base", "final")), "the run finished before it could be killed");
        foreach (var checkpoint in Directory.GetDirectories(checkpoints, "step-*"))
        {
            using var loaded = Checkpoint.Load(checkpoint); // every checkpoint a kill leaves is complete
        }

        using (var resumed = Start("train", killedRecipe, "--resume"))
        {
            await resumed.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            Assert.Equal(0, resumed.ExitCode);
        }

        Assert.Equal(Losses("straight"), Losses("killed"));
        Assert.Equal(120, Losses("killed").Count);
    }
}
