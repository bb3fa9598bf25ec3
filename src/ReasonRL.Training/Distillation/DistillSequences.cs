using ReasonRL.Core.Randomness;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Sampling;
using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Problems;
using ReasonRL.Training.Supervised;
using static TorchSharp.torch;

namespace ReasonRL.Training.Distillation;

/// <summary>One distillation step's sequences: prompt and completion token ids per row (the completion ends with eos when it stopped there).</summary>
public sealed record DistillBatch(IReadOnlyList<int[]> Prompts, IReadOnlyList<int[]> Completions, bool OnPolicy)
{
    public long Tokens => Prompts.Sum(p => (long)p.Length) + Completions.Sum(c => (long)c.Length);

    public double MeanCompletionLength => Completions.Average(c => c.Length);

    /// <summary>
    /// (B, L−1) int64 inputs (prompt + completion, right-padded) and the (B, L−1) float mask of the input positions
    /// whose next token is a completion token: the positions where the two distributions are compared.
    /// </summary>
    public (Tensor Inputs, Tensor Mask) Tensors(int padId, Device? device = null)
    {
        var length = Enumerable.Range(0, Prompts.Count).Max(r => Prompts[r].Length + Completions[r].Length) - 1;
        var inputs = new long[Prompts.Count * length];
        var mask = new float[Prompts.Count * length];
        Array.Fill(inputs, padId);
        for (var r = 0; r < Prompts.Count; r++)
        {
            int[] row = [.. Prompts[r], .. Completions[r]];
            for (var t = 0; t < row.Length - 1; t++)
            {
                inputs[(r * length) + t] = row[t];
                mask[(r * length) + t] = t + 1 >= Prompts[r].Length ? 1f : 0f; // position t predicts token t + 1
            }
        }

        return (tensor(inputs, device: device).reshape(Prompts.Count, length), tensor(mask, device: device).reshape(Prompts.Count, length));
    }
}

/// <summary>
/// Where a distillation step's prompts and off-policy completions come from, as pure functions of the step (exact
/// resume): prompt/completion examples in a seeded order, epoch after epoch; or training problems, whose off-policy
/// completions the teacher samples. On-policy completions are sampled from the student. Sample r of step k is
/// seeded by (seed, k, r).
/// </summary>
public sealed class DistillSequences
{
    private readonly IReadOnlyList<SftExample>? _examples;
    private readonly ProblemSource? _problems;
    private readonly PromptBuilder _prompts;
    private readonly TextTokenizer _tokenizer;
    private readonly int _batchSize;
    private readonly int _contextLength;
    private readonly SamplingOptions _sampling;
    private readonly ulong _seed;
    private (long Epoch, int[] Order) _epochOrder = (-1, []);

    public DistillSequences(
        IReadOnlyList<SftExample>? examples, ProblemSource? problems, PromptBuilder prompts, int batchSize, int contextLength, SamplingOptions sampling, ulong seed)
    {
        if ((examples is null) == (problems is null))
        {
            throw new ArgumentException("give examples or problems, not both");
        }

        if (examples is { Count: 0 })
        {
            throw new ArgumentException("no examples", nameof(examples));
        }

        (_examples, _problems, _prompts, _tokenizer, _batchSize, _contextLength, _sampling, _seed) = (examples, problems, prompts, prompts.Tokenizer, batchSize, contextLength, sampling, seed);
    }

    /// <summary>Step <paramref name="step"/>'s batch: completions sampled from the student when on-policy, otherwise the off-policy ones.</summary>
    public DistillBatch Batch(int step, bool onPolicy, TransformerModel student, TransformerModel teacher, CancellationToken cancellationToken)
    {
        var prompts = new List<int[]>(_batchSize);
        var given = new List<int[]>(_batchSize);
        for (var r = 0; r < _batchSize; r++)
        {
            if (_examples is { } examples)
            {
                var index = ((long)step * _batchSize) + r;
                var example = examples[OrderOf(index / examples.Count)[index % examples.Count]];
                prompts.Add(Fit(_prompts.IdsOfText(example.Prompt)));
                given.Add([.. _tokenizer.Encode(example.Completion), _tokenizer.EosId]);
            }
            else
            {
                prompts.Add(Fit(_prompts.Ids(_problems!.Training(_seed, step, r, _batchSize).Prompt)));
            }
        }

        var sampler = onPolicy ? student : _examples is null ? teacher : null;
        var completions = sampler is null
            ? given
            : [.. new Sampler(sampler, _tokenizer)
                .Generate([.. prompts.Select((p, r) => new SampleRequest(p, SeedMixer.Mix(_seed, (ulong)step, (ulong)r)))], _sampling, cancellationToken)
                .Select(c => c.TokenIds)];
        return new DistillBatch(prompts, [.. completions.Select((c, r) => c[..Math.Min(c.Length, _contextLength - prompts[r].Length)])], onPolicy);
    }

    /// <summary>The examples' order in one epoch: a seeded shuffle (the last one is kept, as steps go epoch by epoch).</summary>
    private int[] OrderOf(long epoch)
    {
        if (_epochOrder.Epoch != epoch)
        {
            var order = Enumerable.Range(0, _examples!.Count).ToArray();
            new DeterministicRandom(SeedMixer.Mix(SeedMixer.Mix(_seed, "order"), (ulong)epoch)).Shuffle(order);
            _epochOrder = (epoch, order);
        }

        return _epochOrder.Order;
    }

    /// <summary>A prompt cut to leave room for at least one completion token.</summary>
    private int[] Fit(int[] prompt) => prompt.Length < _contextLength ? prompt : prompt[..(_contextLength - 1)];
}
