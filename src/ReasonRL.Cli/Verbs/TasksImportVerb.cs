using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using ReasonRL.Cli.CommandLine;
using ReasonRL.Cli.Hosting;
using ReasonRL.Core.Io;
using ReasonRL.Core.Json;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Verifiers.Math.Datasets;

namespace ReasonRL.Cli.Verbs;

/// <summary>
/// <c>reasonrl tasks import</c>: a dataset file (JSON Lines or Parquet, as Hugging Face datasets store them) to
/// Problem JSON Lines of the <c>dataset</c> family, streamed row by row, with progress and an ETA on standard error.
/// </summary>
internal sealed class TasksImportVerb(CliConsole console, ILogger<TasksImportVerb> logger) : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["tasks", "import"],
        "Convert a JSON Lines or Parquet dataset into problems (the dataset family, checked by the math verifier)",
        [new("FILE", "a .jsonl or .parquet file, e.g. a Hugging Face dataset's data/train-00000-of-00001.parquet")],
        [
            new("prompt-column", "column holding the question", ValueName: "C", Default: "question"),
            new("answer-column", "column holding the gold answer, or a worked solution ending in \"#### 42\" (GSM8K) or containing \\boxed{...} (MATH)", ValueName: "C", Default: "answer"),
            new("id-column", "column holding a unique id (default: FILE's name and the row number)", ValueName: "C"),
            new("difficulty-column", "column holding a level: 3, or a label such as \"Level 3\"", ValueName: "C"),
            new("split-column", "column holding train/test/validation (default: split by a hash of the id)", ValueName: "C"),
            new("test-fraction", "without a split column: share of rows held out", ValueName: "F", Default: "0.2"),
            new("seed", "without a split column: seed of the hashed split", ValueName: "S", Default: "0"),
            new("out", "output file (default: standard output); written atomically", ValueName: "FILE"),
        ],
        "Records: {\"id\", \"family\": \"dataset\", \"prompt\", \"reference\": {\"answer\": gold as written[, \"solution\"]}, \"difficulty\", \"split\"}.\n" +
        "A bad row stops the import with FILE:LINE (Parquet: row group and row) and the field; nothing is written.\n" +
        "Example:  reasonrl tasks import gsm8k/main/train-00000-of-00001.parquet --prompt-column question --answer-column answer --out gsm8k.jsonl");

    public async Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken)
    {
        var testFraction = arguments.Double("test-fraction")!.Value;
        var seed = arguments.Long("seed")!.Value;
        if (testFraction is < 0 or >= 1 || seed < 0)
        {
            throw new UsageException(seed < 0 ? "--seed must be at least 0" : "--test-fraction must be in [0, 1)", Spec);
        }

        var path = arguments.RequiredArgument("FILE");
        var spec = new DatasetSpec
        {
            Path = path,
            PromptColumn = arguments.String("prompt-column")!,
            AnswerColumn = arguments.String("answer-column")!,
            IdColumn = arguments.String("id-column"),
            DifficultyColumn = arguments.String("difficulty-column"),
            SplitColumn = arguments.String("split-column"),
            TestFraction = testFraction,
            Seed = (ulong)seed,
        };
        DatasetProblems.Format(path);
        var progress = new ImportProgress(logger, path);
        var counts = new Dictionary<Split, int>();
        IEnumerable<string> Lines() => DatasetProblems.Read(spec, progress.Report).Select(problem =>
        {
            counts[problem.Split] = counts.GetValueOrDefault(problem.Split) + 1;
            return ProblemJson.Line(problem);
        });

        if (arguments.String("out") is { } outPath)
        {
            await AtomicFile.WriteAsync(outPath, async stream =>
            {
                await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
                await WriteAsync(Lines(), writer, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            logger.LogInformation(
                "Wrote {Count} problems ({Train} train, {Test} test) from {Input} to {Path}",
                counts.Values.Sum(), counts.GetValueOrDefault(Split.Train), counts.GetValueOrDefault(Split.Test), path, outPath);
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

    /// <summary>Logs how far through the file the import is, with an ETA, at most every two seconds.</summary>
    private sealed class ImportProgress(ILogger logger, string path)
    {
        private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _lastReport;

        public void Report(double fraction)
        {
            var elapsed = _clock.Elapsed;
            if (elapsed - _lastReport < Interval || fraction <= 0)
            {
                return;
            }

            _lastReport = elapsed;
            var remaining = TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - fraction) / fraction);
            logger.LogInformation("Importing {Path}: {Percent:F0} % read, ETA {Eta:mm\\:ss}", path, fraction * 100, remaining);
        }
    }
}
