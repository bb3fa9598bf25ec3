using System.Text;
using Microsoft.Extensions.Logging;
using ReasonRL.Cli.CommandLine;
using ReasonRL.Cli.Hosting;
using ReasonRL.Cli.Progress;
using ReasonRL.Core.Io;
using ReasonRL.Core.Json;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;

namespace ReasonRL.Cli.Verbs;

/// <summary><c>reasonrl tasks generate</c>: problems of a family as JSON Lines, optionally with reference completions.</summary>
internal sealed class TasksGenerateVerb(
    TaskFamilyRegistry families, PluginFolders plugins, ProgressReporter progressReporter, CliConsole console, ILogger<TasksGenerateVerb> logger) : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["tasks", "generate"],
        "Generate problems of a task family as JSON Lines",
        [new("FAMILY", "task family: arithmetic, countdown, cipher, code, or one from --plugins")],
        [
            new("count", "number of problems", ValueName: "N", Required: true),
            new("seed", "generator seed; the same seed gives the same problems", ValueName: "S", Required: true),
            new("difficulty", "one difficulty level (default: a uniform mix of the family's levels)", ValueName: "D"),
            new("split", "train or test (held-out); the two never share a problem", ValueName: "SPLIT", Default: "train", Values: SnakeCase.NamesOf(typeof(Split))),
            new("with-solution", "also write a reference completion in a \"completion\" field: direct, steps, steps_with_verification or answer_then_check", ValueName: "STYLE", Values: SnakeCase.NamesOf(typeof(SolutionStyle))),
            new("mistake-rate", "steps_with_verification: share of steps first written wrong, then corrected (at least one per solution)", ValueName: "R", Default: "0.3"),
            new("special-casing-rate", "code: share of solutions that special-case the prompt's examples instead of solving the task", ValueName: "R", Default: "0"),
            new("out", "output file (default: standard output); written atomically", ValueName: "FILE"),
            PluginFolders.Option,
        ],
        "Records: {\"id\", \"family\", \"prompt\", \"reference\", \"difficulty\", \"split\"[, \"completion\"]}, one per line.\n" +
        "Levels: arithmetic 1-5 (operations and number sizes), countdown 1-4 (how many numbers), cipher 1-5\n" +
        "(1 caesar with its shift, 2 caesar from an example, 3 vigenere, 4 substitution, 5 o1's pair-average cipher),\n" +
        "code 1-5 (1 one built-in call, 2 a filter or count, 3 a loop with state, 4 two indices or an encoding, 5 a small algorithm).\n" +
        "Example:  reasonrl tasks generate arithmetic --count 1000 --seed 1 --with-solution steps --out train.jsonl");

    public async Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken)
    {
        plugins.LoadFrom(arguments);
        var family = families.Get(arguments.RequiredArgument("FAMILY"));
        var count = arguments.Int("count")!.Value;
        var seed = arguments.Long("seed")!.Value;
        var difficulty = arguments.Int("difficulty");
        var mistakeRate = arguments.Double("mistake-rate")!.Value;
        var specialCasingRate = arguments.Double("special-casing-rate")!.Value;
        if (count < 0 || seed < 0)
        {
            throw new UsageException(count < 0 ? "--count must be at least 0" : "--seed must be at least 0", Spec);
        }

        if (difficulty is { } level && !family.Difficulties.Contains(level))
        {
            throw new UsageException($"--difficulty: {family.Name} has levels {string.Join(", ", family.Difficulties)}", Spec);
        }

        if (mistakeRate is < 0 or > 1)
        {
            throw new UsageException("--mistake-rate must be between 0 and 1", Spec);
        }

        if (specialCasingRate is < 0 or > 1)
        {
            throw new UsageException("--special-casing-rate must be between 0 and 1", Spec);
        }

        var request = new GenerationRequest((ulong)seed, count, difficulty, arguments.Enum<Split>("split")!.Value);
        var style = arguments.Enum<SolutionStyle>("with-solution");
        var options = new SolutionOptions { MistakeRate = mistakeRate, SpecialCasingRate = specialCasingRate };
        var output = arguments.String("out");
        using var progress = progressReporter.Start("Generating", count, "problems", streamsToOut: output is null);
        IEnumerable<string> Lines() => family.Generate(request).Select(problem =>
        {
            var line = ProblemJson.Line(problem, style is { } s ? family.RenderSolution(problem, s, options, SeedMixer.Mix((ulong)seed, problem.Id)) : null);
            progress.Advance();
            return line;
        });

        if (output is { } path)
        {
            await AtomicFile.WriteAsync(path, async stream =>
            {
                await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
                await WriteAsync(Lines(), writer, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            logger.LogInformation("Wrote {Count} {Family} problems to {Path}", count, family.Name, path);
        }
        else
        {
            await WriteAsync(Lines(), console.Out, cancellationToken).ConfigureAwait(false);
        }

        return ReasonRLApp.Success;
    }

    private static async Task WriteAsync(IEnumerable<string> lines, TextWriter writer, CancellationToken cancellationToken)
    {
        foreach (var line in lines)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteAsync(line).ConfigureAwait(false);
            await writer.WriteAsync('\n').ConfigureAwait(false);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
