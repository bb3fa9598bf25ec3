using System.Text;
using TorchSharp;
using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;
using static TorchSharp.torch;

namespace ReasonRL.Model.Sampling;

/// <summary>
/// Batched generation with a KV cache: the prompts (of any lengths, left-padded) go through the model once, then
/// every step feeds one token per row and attends to the cached keys and values. Rows stop on eos, a stop string or
/// their length limit; once at most <see cref="SamplingOptions.CompactWhenActiveFraction"/> of the batch is still
/// running, the finished rows are dropped from the batch and the cache, so they stop costing compute. Runs under
/// <c>no_grad</c> (not inference mode: the sampled ids feed training forwards later).
/// </summary>
/// <remarks>
/// Logits are widened to float32 before the softmax whatever the model's dtype, and every tensor the sampler makes
/// lives on the model's device. Real checkpoints often have more output rows than tokenizer ids (Qwen2.5: 151,936
/// rows, 151,665 ids; the rest pad the matrix for speed): the sampler draws from the tokenizer's ids only, so every
/// sample decodes.
/// Reproducibility: each request's uniforms come from its own seeded generator, so the same requests give the same
/// samples; the same request in a different batch gets the same draws, and its logits differ only by float rounding
/// from the different padding, which in practice gives the same tokens. With <see cref="SamplingOptions.Streams"/>
/// the parts are fixed by the request count, and each runs single-threaded, so the same requests and streams give the
/// same bits.
/// </remarks>
public sealed class Sampler(TransformerModel model, TextTokenizer tokenizer)
{
    /// <summary>The largest float32 below 1: a double draw close to 1 must not round up to 1.</summary>
    private const float LargestBelowOne = 0.99999994f;

    public TransformerModel Model { get; } = model;

    public TextTokenizer Tokenizer { get; } = tokenizer;

    /// <summary>
    /// Samples one completion per request, in request order: one batch, or <see cref="SamplingOptions.Streams"/>
    /// batches on threads of their own.
    /// </summary>
    public IReadOnlyList<SampledCompletion> Generate(IReadOnlyList<SampleRequest> requests, SamplingOptions options, CancellationToken cancellationToken = default)
    {
        var rows = Prepare(requests, options);
        var streams = Math.Min(options.Streams, rows.Length);
        if (streams == 1)
        {
            Decode(rows, options, cancellationToken);
        }
        else
        {
            SamplingStreams.Run(streams, rows.Length, (start, count) => Decode(rows[start..(start + count)], options, cancellationToken));
        }

        return [.. rows.Select(r => r.ToCompletion(options, Tokenizer))];
    }

    /// <summary>Decodes <paramref name="rows"/> as one batch until every row has stopped.</summary>
    private void Decode(SampleRow[] rows, SamplingOptions options, CancellationToken cancellationToken)
    {
        var stopWindow = StopWindow(options);
        using var guard = no_grad();
        var device = Model.Device;
        // Each distinct prompt is prefilled once (a GRPO group's rows share theirs), then its cache row is copied to its rows.
        var (distinct, promptOfRow) = DistinctPrompts(rows);
        var (prompts, valid, padded) = PromptBatch.Create(distinct, Tokenizer.PadId, device);
        var promptWidth = (int)prompts.shape[1];
        var lastPosition = Model.Config.ContextLength - 1;
        using var cache = new KvCache(Model, distinct.Count, promptWidth + rows.Max(r => r.MaxNewTokens));

        // State carried from step to step, outside the per-step dispose scopes.
        var batchRows = Enumerable.Range(0, rows.Length).ToArray();          // batch position → request index
        Tensor keyValid, positions, logits;                                  // (B, capacity) bool, (B, 1) int64, (B, V)
        using (var scope = NewDisposeScope())
        {
            var prefillPositions = PromptBatch.Positions(valid, lastPosition);                                       // (B, P)
            var mask = padded ? PromptBatch.CausalPaddingMask(valid) : null;                           // (B, 1, P, P)
            var hidden = Model.Hidden(prompts, prefillPositions, mask, cache);                         // (B, P, d)
            logits = TokenLogits(hidden.select(1, promptWidth - 1));                                   // (U, V)
            positions = prefillPositions.narrow(1, promptWidth - 1, 1).add(HeldScalars.One, HeldScalars.One); // (U, 1)
            keyValid = cat([valid, ones(distinct.Count, cache.Capacity - promptWidth, dtype: ScalarType.Bool, device: device)], 1);
            if (distinct.Count < rows.Length)
            {
                var expand = tensor(promptOfRow, dtype: ScalarType.Int64, device: device); // (B): each row's prompt
                cache.KeepRows(expand);
                (logits, positions, keyValid) = (logits.index_select(0, expand), positions.index_select(0, expand), keyValid.index_select(0, expand));
            }

            logits.DetachFromDisposeScope();   // (B, V)
            positions.DetachFromDisposeScope(); // (B, 1)
            keyValid.DetachFromDisposeScope();  // (B, capacity)
            prompts.Dispose();
            valid.Dispose();
        }

        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var (tokens, untruncated, truncated) = TokenChooser.Choose(logits, Uniforms(rows, batchRows, options, device), options);
                var tokenValues = tokens.cpu().data<long>().ToArray();
                var untruncatedValues = untruncated.cpu().data<float>().ToArray();
                var logProbValues = truncated?.cpu().data<float>().ToArray() ?? untruncatedValues;
                for (var i = 0; i < batchRows.Length; i++)
                {
                    var row = rows[batchRows[i]];
                    if (row.Stopped is null)
                    {
                        row.Append((int)tokenValues[i], logProbValues[i], untruncatedValues[i], options, Tokenizer, stopWindow);
                    }
                }

                var running = Enumerable.Range(0, batchRows.Length).Where(i => rows[batchRows[i]].Stopped is null).ToArray();
                if (running.Length == 0)
                {
                    break;
                }

                if (running.Length <= options.CompactWhenActiveFraction * batchRows.Length)
                {
                    // Drop finished rows: every later step costs in proportion to the rows still in the batch.
                    var keep = tensor(running.Select(i => (long)i).ToArray(), dtype: ScalarType.Int64, device: device);
                    cache.KeepRows(keep);
                    Replace(ref keyValid, keyValid.index_select(0, keep));
                    Replace(ref positions, positions.index_select(0, keep));
                    tokens = tokens.index_select(0, keep);
                    batchRows = [.. running.Select(i => batchRows[i])];
                }

                var length = cache.Length + 1;
                var stepMask = padded ? keyValid.narrow(1, 0, length).view(batchRows.Length, 1, 1, length) : null; // (B, 1, 1, L+1)
                var hidden = Model.Hidden(tokens, positions, stepMask, cache);                                        // (B, 1, d)
                Replace(ref logits, TokenLogits(hidden.squeeze(1)));                                                  // (B, V)
                using var last = lastPosition.ToScalar(); // alive through the kernel (HeldScalars)
                Replace(ref positions, positions.add(HeldScalars.One, HeldScalars.One).clamp_max_(last)); // stopped rows may run past the context
            }
        }
        finally
        {
            keyValid.Dispose();
            positions.Dispose();
            logits.Dispose();
        }
    }

    /// <summary>The distinct prompts of <paramref name="rows"/> in order of first appearance, and each row's index among them.</summary>
    private static (IReadOnlyList<IReadOnlyList<int>> Distinct, long[] PromptOfRow) DistinctPrompts(SampleRow[] rows)
    {
        var distinct = new List<IReadOnlyList<int>>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var promptOfRow = new long[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            var prompt = rows[r].Request.PromptIds;
            var key = string.Join(',', prompt);
            if (!index.TryGetValue(key, out var i))
            {
                i = distinct.Count;
                distinct.Add(prompt);
                index.Add(key, i);
            }

            promptOfRow[r] = i;
        }

        return (distinct, promptOfRow);
    }

    /// <summary>
    /// The same sampling without a KV cache: every step runs the whole sequence so far through the model. For
    /// measuring the cache's speed-up and for checking it: with the same requests it gives the same tokens.
    /// </summary>
    public IReadOnlyList<SampledCompletion> GenerateWithoutCache(IReadOnlyList<SampleRequest> requests, SamplingOptions options, CancellationToken cancellationToken = default)
    {
        var rows = Prepare(requests, options);
        var stopWindow = StopWindow(options);
        var batchRows = Enumerable.Range(0, rows.Length).ToArray();
        using var guard = no_grad();
        var device = Model.Device;
        var (sequence, valid, padded) = PromptBatch.Create([.. requests.Select(r => r.PromptIds)], Tokenizer.PadId, device);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var width = sequence.shape[1];
                var mask = padded ? PromptBatch.CausalPaddingMask(valid) : null;
                var hidden = Model.Hidden(sequence, PromptBatch.Positions(valid, Model.Config.ContextLength - 1), mask); // (B, L, d)
                var logits = TokenLogits(hidden.select(1, width - 1));                  // (B, V)
                var (tokens, untruncated, truncated) = TokenChooser.Choose(logits, Uniforms(rows, batchRows, options, device), options);
                var tokenValues = tokens.cpu().data<long>().ToArray();
                var untruncatedValues = untruncated.cpu().data<float>().ToArray();
                var logProbValues = truncated?.cpu().data<float>().ToArray() ?? untruncatedValues;
                for (var i = 0; i < rows.Length; i++)
                {
                    if (rows[i].Stopped is null)
                    {
                        rows[i].Append((int)tokenValues[i], logProbValues[i], untruncatedValues[i], options, Tokenizer, stopWindow);
                    }
                }

                if (rows.All(r => r.Stopped is not null))
                {
                    break;
                }

                Replace(ref sequence, cat([sequence, tokens], 1));
                Replace(ref valid, cat([valid, ones(rows.Length, 1, dtype: ScalarType.Bool, device: device)], 1));
            }
        }
        finally
        {
            sequence.Dispose();
            valid.Dispose();
        }

        return [.. rows.Select(r => r.ToCompletion(options, Tokenizer))];
    }

    /// <summary>hidden (B, d) → float32 logits (B, V) over the tokenizer's ids (the first V output rows).</summary>
    private Tensor TokenLogits(Tensor hidden)
    {
        using var logits = Model.Logits(hidden);
        var vocabulary = Math.Min(Tokenizer.VocabSize, logits.shape[^1]);
        using var tokenRows = logits.narrow(-1, 0, vocabulary);
        return tokenRows.to_type(ScalarType.Float32, copy: vocabulary < logits.shape[^1]);
    }

    private SampleRow[] Prepare(IReadOnlyList<SampleRequest> requests, SamplingOptions options)
    {
        var problems = options.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"invalid sampling options: {string.Join("; ", problems)}", nameof(options));
        }

        if (requests.Count == 0)
        {
            throw new ArgumentException("no requests to sample", nameof(requests));
        }

        var context = Model.Config.ContextLength;
        var rows = new SampleRow[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            var prompt = requests[i].PromptIds;
            if (prompt.Count == 0 || prompt.Count >= context)
            {
                throw new ArgumentException($"request {i}: a prompt needs 1 to {context - 1} tokens (context length {context}), got {prompt.Count}", nameof(requests));
            }

            if (prompt.Any(id => id < 0 || id >= Model.Config.VocabSize))
            {
                throw new ArgumentException($"request {i}: token ids must be in [0, {Model.Config.VocabSize})", nameof(requests));
            }

            rows[i] = new SampleRow(requests[i], Math.Min(options.MaxNewTokens, context - prompt.Count));
        }

        return rows;
    }

    /// <summary>(B, 1) float32 uniforms, one from each running row's own generator; null when greedy.</summary>
    private static Tensor? Uniforms(SampleRow[] rows, int[] batchRows, SamplingOptions options, Device device)
    {
        if (options.Temperature == 0)
        {
            return null;
        }

        var draws = new float[batchRows.Length];
        for (var i = 0; i < batchRows.Length; i++)
        {
            var row = rows[batchRows[i]];
            draws[i] = row.Stopped is null ? Math.Min((float)row.Random.NextDouble(), LargestBelowOne) : 0f;
        }

        return tensor(draws, [batchRows.Length, 1], device: device);
    }

    /// <summary>Tokens to decode when looking for a stop string: each token is at least one byte.</summary>
    private static int StopWindow(SamplingOptions options) =>
        options.StopStrings.Count == 0 ? 0 : options.StopStrings.Max(s => Encoding.UTF8.GetByteCount(s)) + 4;

    private static void Replace(ref Tensor state, Tensor value)
    {
        state.Dispose();
        state = value.DetachFromDisposeScope();
    }
}
