using ReasonRL.Cli.CommandLine;
using ReasonRL.Cli.Hosting;
using ReasonRL.Core.Randomness;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Sampling;
using ReasonRL.Training.Evaluation;

namespace ReasonRL.Cli.Verbs;

/// <summary><c>reasonrl sample</c>: completions of one prompt from a checkpoint, printed one after another.</summary>
internal sealed class SampleVerb(CliConsole console) : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["sample"],
        "Sample completions of a prompt from a checkpoint",
        [],
        [
            new("checkpoint", "checkpoint folder (config.json, model.safetensors, tokenizer.json)", ValueName: "DIR", Required: true),
            new("prompt", "the question, put in the prompt template (see --prompt-template) unless --raw", ValueName: "TEXT", Required: true),
            new("n", "number of completions", ValueName: "N", Default: "1"),
            new("temperature", "sampling temperature (0 = greedy)", ValueName: "T", Default: "1.0"),
            new("top-k", "keep only the K most likely tokens (0 = off)", ValueName: "K", Default: "0"),
            new("top-p", "nucleus sampling threshold (1 = off)", ValueName: "P", Default: "1.0"),
            new("max-new-tokens", "longest completion", ValueName: "N", Default: "256"),
            new("seed", "sampling seed; completion i uses a seed derived from it and i", ValueName: "S", Default: "1"),
            new("raw", "feed the prompt text as is (after the bos token): --prompt-template raw", OptionArity.Flag),
            PromptOptions.Spec,
            .. ComputeOptions.Specs,
        ],
        "Example: reasonrl sample --checkpoint runs/r1-zero/base/final --prompt \"Compute 37+48*2-15\" --n 4\n" +
        "Completions stop at the end-of-sequence token, at the first </answer> (r1 and chat templates), or at --max-new-tokens.");

    public Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken)
    {
        var n = arguments.Int("n") ?? 1;
        var options = new SamplingOptions
        {
            Temperature = arguments.Double("temperature") ?? 1.0,
            TopK = arguments.Int("top-k") ?? 0,
            TopP = arguments.Double("top-p") ?? 1.0,
            MaxNewTokens = arguments.Int("max-new-tokens") ?? 256,
        };
        var problems = options.Problems().ToList();
        if (n < 1)
        {
            problems.Add("n must be at least 1");
        }

        if (problems.Count > 0)
        {
            throw new UsageException(string.Join("; ", problems), Spec);
        }

        var folder = arguments.RequiredString("checkpoint");
        using var loaded = Checkpoint.Load(folder, ComputeOptions.From(arguments));
        var prompts = PromptOptions.From(arguments, folder, loaded.Tokenizer);
        options = options with { StopStrings = prompts.Format.Template == PromptTemplate.Raw ? [] : HeldOutEvaluation.StopStrings };
        var text = prompts.Text(arguments.RequiredString("prompt"));
        var promptIds = prompts.IdsOfText(text);
        var seed = (ulong)(arguments.Long("seed") ?? 1);
        var requests = Enumerable.Range(0, n).Select(i => new SampleRequest(promptIds, SeedMixer.Mix(seed, (ulong)i))).ToList();
        var completions = new Sampler(loaded.Model, loaded.Tokenizer).Generate(requests, options, cancellationToken);
        console.Out.Write(text);
        console.Out.WriteLine();
        for (var i = 0; i < completions.Count; i++)
        {
            var completion = completions[i];
            console.Out.WriteLine($"--- sample {i + 1}/{n} ({completion.TokenIds.Length} tokens, stopped: {Core.Json.SnakeCase.From(completion.StopReason.ToString())})");
            console.Out.WriteLine(completion.Text);
        }

        return Task.FromResult(ReasonRLApp.Success);
    }
}
