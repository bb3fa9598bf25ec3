using System.Text;
using Microsoft.Extensions.Logging;
using ReasonRL.Cli.CommandLine;
using ReasonRL.Cli.Hosting;
using ReasonRL.Cli.Scoring;
using ReasonRL.Core.Io;
using ReasonRL.Model.Checkpoints;

namespace ReasonRL.Cli.Verbs;

/// <summary>
/// <c>reasonrl score</c>: per-token log-probs of given completions under a checkpoint (see <see cref="ScoreRun"/>):
/// for filtering a dataset by likelihood, checking a model, or comparing it with another implementation.
/// </summary>
internal sealed class ScoreVerb(CliConsole console, ILogger<ScoreVerb> logger) : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["score"],
        "Per-token log-probs of given completions under a checkpoint",
        [],
        [
            new("checkpoint", "checkpoint folder (the project's own or a Hugging Face Llama, Mistral, Qwen2, Qwen3 or SmolLM folder)", ValueName: "DIR", Required: true),
            new("input", "JSON Lines: prompt + completion (text), or prompt_ids + completion_ids (token ids)", ValueName: "FILE", Required: true),
            new("out", "output file (default: standard output); written only when every line is valid", ValueName: "FILE"),
            new("raw", "text prompts as they are (after the bos token): --prompt-template raw", OptionArity.Flag),
            PromptOptions.Spec,
            .. ComputeOptions.Specs,
        ],
        "Each output line is the input record plus\n" +
        "  \"completion_ids\": [...], \"completion_logprobs\": [...]\n" +
        "one natural-log probability per completion token, under the full next-token distribution at temperature 1.\n" +
        "Text prompts get the checkpoint's prompt template (unless --raw or --prompt-template), as 'sample' and the trainers\n" +
        "feed them; the completion is encoded on its own, without special tokens. Token ids are used exactly as given.\n" +
        "Example:  reasonrl score --checkpoint runs/r1-zero/grpo/final --input completions.jsonl --out scored.jsonl");

    public Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken)
    {
        var compute = ComputeOptions.From(arguments);
        var input = arguments.RequiredString("input");
        var folder = arguments.RequiredString("checkpoint");
        using var loaded = Checkpoint.Load(folder, compute);
        var prompts = PromptOptions.From(arguments, folder, loaded.Tokenizer);
        logger.LogInformation(
            "Scoring {Input} with a {Family} model ({Layers} layers, d={Width}, vocabulary {Vocab}) on {Compute}",
            input, loaded.Config.Family, loaded.Config.Layers, loaded.Config.DModel, loaded.Config.VocabSize, compute);
        var lastReport = 0.0;
        void Progress(int done, int total, double seconds)
        {
            if (seconds - lastReport < 5 && done < total)
            {
                return;
            }

            lastReport = seconds;
            var eta = done == 0 ? 0 : seconds / done * (total - done);
            logger.LogInformation("Scored {Done}/{Total} lines in {Seconds:F1} s ({Rate:F1} lines/s), ETA {Eta:F0} s", done, total, seconds, done / Math.Max(seconds, 1e-9), eta);
        }

        int lines;
        if (arguments.String("out") is { } path)
        {
            lines = 0;
            AtomicFile.Write(path, stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
                lines = ScoreRun.Run(loaded, input, prompts, writer, Progress, cancellationToken);
            });
        }
        else
        {
            lines = ScoreRun.Run(loaded, input, prompts, console.Out, Progress, cancellationToken);
        }

        logger.LogInformation("Scored {Lines} lines", lines);
        return Task.FromResult(ReasonRLApp.Success);
    }
}
