using ReasonRL.Core.Records;
using ReasonRL.Core.Rl;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Tokenization;
using ReasonRL.Training.Grpo;
using static TorchSharp.torch;

namespace ReasonRL.Training.Prm;

/// <summary>
/// One solution as a process reward model reads it: the token ids of the prompt (as the policy sees it) + completion, and the positions
/// (indices into those ids) of the tokens that end its steps, each with its label.
/// </summary>
public sealed record PrmSequence(int[] Tokens, int[] StepPositions, float[] Labels)
{
    /// <summary>
    /// Tokenises a labelled solution; steps that end beyond <paramref name="contextLength"/> tokens are dropped and
    /// the tokens cut there (null when no step is left).
    /// </summary>
    public static PrmSequence? Of(PrmExample example, PromptBuilder prompts, int contextLength)
    {
        var prompt = prompts.IdsOfText(example.Prompt);
        var completion = prompts.Tokenizer.Encode(example.Completion);
        var positions = Positions(prompt.Length, completion, prompts.Tokenizer, example.StepEnds);
        var kept = positions.Count(p => p < contextLength);
        if (kept == 0)
        {
            return null;
        }

        int[] tokens = [.. prompt, .. completion];
        return new PrmSequence(tokens[..Math.Min(tokens.Length, contextLength)], positions[..kept], [.. example.Labels.Take(kept).Select(l => (float)l)]);
    }

    /// <summary>
    /// Positions, in prompt + completion, of the tokens holding the last character of each step
    /// (<see cref="StepAlignment"/>): <paramref name="promptLength"/> plus the step's end token in the completion.
    /// </summary>
    public static int[] Positions(int promptLength, IReadOnlyList<int> completionIds, TextTokenizer tokenizer, IReadOnlyList<int> stepEnds)
    {
        var ends = StepAlignment.EndTokens(VerifiedStepRewards.TokenCharacterEnds(tokenizer, completionIds), [.. stepEnds.Select(e => new StepMark(e, true))]);
        return [.. ends.Select(t => promptLength + t)];
    }

    /// <summary>
    /// A batch as tensors: tokens (B, T) int64 right-padded, and (B, T) float32 labels and step weights (1 at step
    /// positions, 0 elsewhere).
    /// </summary>
    public static (Tensor Tokens, Tensor Labels, Tensor Weights) Batch(IReadOnlyList<PrmSequence> sequences, int padId, Device? device = null)
    {
        var length = sequences.Max(s => s.Tokens.Length);
        var tokens = new long[sequences.Count * length];
        var labels = new float[sequences.Count * length];
        var weights = new float[sequences.Count * length];
        Array.Fill(tokens, padId);
        for (var b = 0; b < sequences.Count; b++)
        {
            var offset = b * length;
            var sequence = sequences[b];
            for (var t = 0; t < sequence.Tokens.Length; t++)
            {
                tokens[offset + t] = sequence.Tokens[t];
            }

            for (var j = 0; j < sequence.StepPositions.Length; j++)
            {
                // Two steps ending in one token share it: the later label wins, both weigh once.
                labels[offset + sequence.StepPositions[j]] = sequence.Labels[j];
                weights[offset + sequence.StepPositions[j]] = 1f;
            }
        }

        return (tensor(tokens, device: device).reshape(sequences.Count, length), tensor(labels, device: device).reshape(sequences.Count, length), tensor(weights, device: device).reshape(sequences.Count, length));
    }
}
