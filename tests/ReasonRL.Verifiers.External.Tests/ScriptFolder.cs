using System.Text.Json;
using ReasonRL.Core.Json;
using ReasonRL.Core.Records;

namespace ReasonRL.Verifiers.External.Tests;

/// <summary>A temporary folder of small verifier scripts written by the tests, and helpers to run them.</summary>
public sealed class ScriptFolder : IDisposable
{
    /// <summary>The system Python starts in ~15 ms; a pyenv shim on PATH takes ~140 ms.</summary>
    public static string Python { get; } = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public string Path { get; } = Directory.CreateTempSubdirectory("reasonrl-external-").FullName;

    /// <summary>The shipped example, verifiers/ReasonRL.Verifiers.External/examples/exact_answer.py.</summary>
    public static string ExampleFolder { get; } = FindExamples();

    public string Write(string name, string source)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, source);
        return file;
    }

    public static ExternalVerifierOptions Options(string script, double timeoutSeconds = 5, int concurrency = 1) => new()
    {
        Name = "test",
        Command = Python,
        Arguments = [script],
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        Concurrency = concurrency,
    };

    public static Problem Problem(string answer = "42") => new()
    {
        Id = "p-1",
        Family = "arithmetic",
        Prompt = "Compute 40+2",
        Reference = JsonSerializer.SerializeToElement(new { expression = "40+2", answer }, RecordJson.Options),
    };

    public void Dispose() => Directory.Delete(Path, recursive: true);

    private static string FindExamples()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = System.IO.Path.Combine(folder.FullName, "verifiers", "ReasonRL.Verifiers.External", "examples");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("verifiers/ReasonRL.Verifiers.External/examples not found above the test folder");
    }
}
