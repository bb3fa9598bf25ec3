using System.Diagnostics;
using ReasonRL.Model;

namespace ReasonRL.Cli.Tests;

/// <summary>
/// The command runs on jemalloc where it is installed (tools/setup installs it) and on glibc when asked: read from the
/// running process's memory map, in the same process the test started (the restart keeps the process id).
/// </summary>
public class NativeAllocatorProcessTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("glibc")]
    public async Task The_running_command_maps_the_allocator_it_chose(string? choice)
    {
        var installed = NativeAllocator.JemallocPaths.Any(File.Exists);
        Assert.True(installed || choice is not null, "libjemalloc2 is not installed: run tools/setup");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "reasonrl.dll"));
        start.ArgumentList.Add("bench");
        start.Environment.Remove(NativeAllocator.ChoiceVariable);
        if (choice is not null)
        {
            start.Environment[NativeAllocator.ChoiceVariable] = choice;
        }

        using var process = Process.Start(start)!;
        var measuring = new TaskCompletionSource();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Measuring", StringComparison.Ordinal) == true)
            {
                measuring.TrySetResult();
            }
        };
        process.BeginErrorReadLine();
        _ = process.StandardOutput.ReadToEndAsync();
        try
        {
            await measuring.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var maps = await File.ReadAllTextAsync($"/proc/{process.Id}/maps");
            Assert.Equal(choice is null, maps.Contains("libjemalloc", StringComparison.Ordinal));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }
}
