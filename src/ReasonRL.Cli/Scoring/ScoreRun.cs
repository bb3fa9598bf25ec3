using System.Diagnostics;
using System.Text.Json.Nodes;
using ReasonRL.Core.Json;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Scoring;
using static TorchSharp.torch;

namespace ReasonRL.Cli.Scoring;

/// <summary>
/// The core of <c>reasonrl score</c>: every input line is parsed and checked first (a bad line stops the run before
/// any scoring), then the lines are scored in batches, in order, and each output line is the input record plus
/// <c>completion_ids</c> and <c>completion_logprobs</c>: natural-log probabilities of each completion token under the
/// model's full next-token distribution at temperature 1 (float32 log-softmax whatever the model's dtype).
/// </summary>
/// <remarks>
/// A batch holds at most <see cref="MaxBatchRows"/> lines and at most <see cref="LogitBudget"/> / vocabulary scored
/// tokens, so the logits of one pass stay near 256 MB whatever the vocabulary (a 152k-token vocabulary scores ~440
/// tokens a pass).
/// </remarks>
internal static class ScoreRun
{
    public const int MaxBatchRows = 32;

    /// <summary>Text fields are written back as readable UTF-8 (no \u escapes for +, &lt; or non-ASCII letters).</summary>
    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Logit values (float32) one scoring pass may hold.</summary>
    public const long LogitBudget = 1L << 26;

    public static int Run(LoadedCheckpoint loaded, string inputPath, PromptBuilder prompts, TextWriter output, Action<int, int, double> progress, CancellationToken cancellationToken)
    {
        var inputs = Jsonl.Read(inputPath).Select(line => ScoreInput.Parse(line, prompts, loaded.Config)).ToList();
        var scoredTokensPerPass = Math.Max(1, LogitBudget / loaded.Config.VocabSize);
        var clock = Stopwatch.StartNew();
        var done = 0;
        foreach (var batch in Batches(inputs, scoredTokensPerPass))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var logProbs = Score(loaded, batch);
            for (var i = 0; i < batch.Count; i++)
            {
                var record = JsonNode.Parse(batch[i].Line.Value.GetRawText())!.AsObject();
                record["completion_ids"] = new JsonArray([.. batch[i].CompletionIds.Select(id => (JsonNode)id)]);
                record["completion_logprobs"] = new JsonArray([.. logProbs[i].Select(p => (JsonNode)p)]);
                output.WriteLine(record.ToJsonString(Relaxed));
            }

            done += batch.Count;
            progress(done, inputs.Count, clock.Elapsed.TotalSeconds);
        }

        return inputs.Count;
    }

    private static IEnumerable<List<ScoreInput>> Batches(List<ScoreInput> inputs, long scoredTokensPerPass)
    {
        var batch = new List<ScoreInput>();
        long scored = 0;
        foreach (var input in inputs)
        {
            if (batch.Count > 0 && (batch.Count == MaxBatchRows || scored + input.CompletionIds.Length > scoredTokensPerPass))
            {
                yield return batch;
                batch = [];
                scored = 0;
            }

            batch.Add(input);
            scored += input.CompletionIds.Length;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>Right-padded (B, L) sequences, a mask over the completion tokens, one pass of the scorer.</summary>
    private static float[][] Score(LoadedCheckpoint loaded, List<ScoreInput> batch)
    {
        using var scope = NewDisposeScope();
        var length = batch.Max(b => b.Length);
        var tokens = new long[batch.Count * length];
        var mask = new bool[batch.Count * length];
        Array.Fill(tokens, loaded.Tokenizer.PadId);
        for (var row = 0; row < batch.Count; row++)
        {
            var offset = row * length;
            var sequence = batch[row].PromptIds.Concat(batch[row].CompletionIds).ToArray();
            for (var t = 0; t < sequence.Length; t++)
            {
                tokens[offset + t] = sequence[t];
                mask[offset + t] = t >= batch[row].PromptIds.Length;
            }
        }

        var device = loaded.Model.Device;
        var sequences = tensor(tokens, [batch.Count, length], dtype: ScalarType.Int64, device: device);
        var completionMask = tensor(mask, [batch.Count, length], device: device);
        var scores = LogProbScorer.ScoreWithoutGrad(loaded.Model, sequences, completionMask, minibatchRows: batch.Count);
        var values = scores.LogProbs.cpu().data<float>().ToArray();
        return [.. batch.Select((b, row) => values.AsSpan((row * length) + b.PromptIds.Length, b.CompletionIds.Length).ToArray())];
    }
}
