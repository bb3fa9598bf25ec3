using System.Text;
using ReasonRL.Cli.Progress;
using ReasonRL.Core;
using ReasonRL.Core.Json;
using ReasonRL.Core.Records;
using ReasonRL.Core.Verification;

namespace ReasonRL.Cli.Scoring;

/// <summary>What a <c>reasonrl verify</c> run found.</summary>
internal sealed record VerifySummary(int Records, IReadOnlyDictionary<Outcome, int> Outcomes);

/// <summary>
/// The streaming core of <c>reasonrl verify</c>: reads the input in batches of <see cref="BatchSize"/> lines,
/// scores each batch in parallel (up to <c>parallelism</c> records at once), and writes the batch in input order,
/// so memory stays bounded by one batch whatever the file size. A malformed line stops the run with an
/// <see cref="InputException"/> naming the first bad line (file, line number, field).
/// </summary>
internal static class VerifyRun
{
    public const int BatchSize = 2048;

    public static async Task<VerifySummary> RunAsync(
        string inputPath, TextWriter output, RewardComposer reward, int parallelism, CancellationToken cancellationToken, ProgressTask? progress = null)
    {
        var outcomes = Enum.GetValues<Outcome>().ToDictionary(o => o, _ => 0);
        var records = 0;
        var withRewards = reward.Components.Count > 1;
        var results = new string?[BatchSize];
        var verdicts = new Outcome[BatchSize];
        var failures = new Exception?[BatchSize];

        foreach (var chunk in ReadLines(inputPath).Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            Array.Clear(failures);
            await Parallel.ForAsync(0, chunk.Length, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (i, token) =>
            {
                try
                {
                    var (file, line, text) = chunk[i];
                    var record = Jsonl.Parse(file, line, text);
                    var problem = ProblemJson.Read(record);
                    var completion = record.RequireString("completion");
                    var scored = await reward.ScoreAsync(problem, completion, token).ConfigureAwait(false);
                    results[i] = ScoredRecord.Write(text, record.Value, scored, withRewards);
                    verdicts[i] = scored.Verdict.Outcome;
                    progress?.Advance();
                }
                catch (InputException e)
                {
                    failures[i] = e;
                }
            }).ConfigureAwait(false);

            for (var i = 0; i < chunk.Length; i++)
            {
                if (failures[i] is { } failure)
                {
                    throw failure;
                }

                await output.WriteAsync(results[i]).ConfigureAwait(false);
                await output.WriteAsync('\n').ConfigureAwait(false);
                outcomes[verdicts[i]]++;
            }

            records += chunk.Length;
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new VerifySummary(records, outcomes);
    }

    /// <summary>How many records a file holds (its non-blank lines), for the progress line; 0 for standard input.</summary>
    public static long CountRecords(string path) =>
        path == "-" || !File.Exists(path) ? 0 : File.ReadLines(path).LongCount(line => !string.IsNullOrWhiteSpace(line));

    /// <summary>The non-blank lines of the input with their numbers; "-" reads standard input.</summary>
    private static IEnumerable<(string File, int Line, string Text)> ReadLines(string path)
    {
        if (path != "-" && !File.Exists(path))
        {
            throw new InputException($"{path}: no such file");
        }

        using var reader = path == "-"
            ? new StreamReader(Console.OpenStandardInput(), Encoding.UTF8)
            : new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
        var name = path == "-" ? "<stdin>" : path;
        var number = 0;
        while (reader.ReadLine() is { } text)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(text))
            {
                yield return (name, number, text);
            }
        }
    }
}
