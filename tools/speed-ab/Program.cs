using System.Diagnostics;
using ReasonRL.Core.Randomness;
using ReasonRL.Model;
using ReasonRL.Model.Sampling;
using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

// Short timings for comparing two builds of ReasonRL in alternating processes (the bench takes minutes):
//   speed-ab decode REPETITIONS   KV-cache sampling of `small` on the bench's workload (256 prompts of 32 tokens +
//                                 96 new tokens), float32 and a bfloat16 copy, one batch and (in turn) as many
//                                 streams as libtorch has threads: fastest and median new tokens/s
//   speed-ab attention            one query per row over a cache at the small preset's shapes (batch 256, 2 heads
//                                 of 64, 80 of 128 columns filled, a padding mask): the fused kernel against two
//                                 batched matrix products, fastest of 54 calls, float32 and bfloat16
//   speed-ab fingerprint          SHA-256 of the sampled tokens and the bits of their log-probs (float32 and the
//                                 bfloat16 copy; equal prompts and prompts of 20-32 tokens, plain and top-k/top-p),
//                                 so two builds can be checked for bit-identical sampling
//   speed-ab train ROUNDS [THREADS]  the bench's training batch (16 x 256, vocabulary 128) of `small` and `base`: forward,
//                                 float32 cross-entropy and backward, on the float32 model and on a bfloat16 copy of
//                                 it (logits widened to float32 before the loss), the four in turn every round:
//                                 fastest and median tokens/s of each and the bf16/f32 ratio of the fastest
// To compare builds, copy this tool's output folder once per build, replace its ReasonRL.*.dll with that build's,
// and run the copies in turn in one script.
NativeHeap.KeepFreedMemory();
switch (args.FirstOrDefault())
{
    case "decode" when args.Length == 2 && int.TryParse(args[1], out var repetitions) && repetitions > 0:
        Decode(repetitions);
        return 0;
    case "attention":
        Attention();
        return 0;
    case "train" when args.Length is 2 or 3 && int.TryParse(args[1], out var rounds) && rounds > 0:
        if (args.Length == 3)
        {
            set_num_threads(int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
        }

        Train(rounds);
        return 0;
    case "fingerprint":
        Fingerprint();
        return 0;
    default:
        Console.Error.WriteLine("usage: speed-ab decode REPETITIONS | speed-ab attention | speed-ab fingerprint | speed-ab train ROUNDS [THREADS]");
        return 2;
}

static void Decode(int repetitions)
{
    using var model = TransformerModel.Create(TransformerConfig.FromPreset(ModelPreset.Small, 128, 256), seed: 1);
    var tokenizer = TextTokenizer.CharacterLevel([string.Concat(Enumerable.Range(0, 125).Select(i => (char)(0x100 + i)))]);
    var random = new DeterministicRandom(3);
    var requests = Enumerable.Range(0, 256)
        .Select(i => new SampleRequest([.. Enumerable.Range(0, 32).Select(_ => 3 + random.NextInt(125))], (ulong)i))
        .ToArray();
    var options = new SamplingOptions { Temperature = 1.0, MaxNewTokens = 96, StopAtEos = false };
    using var copy = InferenceCopy.Of(model, ComputeDtype.Bfloat16);
    var streamCounts = new[] { 1, get_num_threads() }.Distinct().ToArray();
    foreach (var (name, sampled) in new[] { ("float32", model), ("bfloat16", copy.Model) })
    {
        var sampler = new Sampler(sampled, tokenizer);
        var seconds = streamCounts.ToDictionary(s => s, _ => new List<double>());
        var cpuSeconds = streamCounts.ToDictionary(s => s, _ => new List<double>());
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        for (var repetition = 0; repetition < repetitions; repetition++)
        {
            foreach (var streams in streamCounts) // in turn, so that both see the same moments of load
            {
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                sampler.Generate(requests, options with { Streams = streams });
                seconds[streams].Add(clock.Elapsed.TotalSeconds);
                process.Refresh();
                cpuSeconds[streams].Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
            }
        }

        var tokens = 256.0 * 96;
        foreach (var (streams, times) in seconds)
        {
            // CPU seconds count the work (and, with one batch, the intra-op threads' spinning); less noisy under load than wall time.
            Console.WriteLine($"decode {name} streams {streams}: fastest {tokens / times.Min():F0} new tokens/s, median {tokens / times.Order().ElementAt(times.Count / 2):F0}, least CPU {cpuSeconds[streams].Min():F2} s");
        }
    }
}

static void Fingerprint()
{
    using var model = TransformerModel.Create(TransformerConfig.FromPreset(ModelPreset.Small, 128, 256), seed: 1);
    var tokenizer = TextTokenizer.CharacterLevel([string.Concat(Enumerable.Range(0, 125).Select(i => (char)(0x100 + i)))]);
    var random = new DeterministicRandom(5);
    SampleRequest[] Requests(Func<int> length) => [.. Enumerable.Range(0, 64)
        .Select(i => new SampleRequest([.. Enumerable.Range(0, length()).Select(_ => 3 + random.NextInt(125))], (ulong)i))];
    var equal = Requests(() => 32);
    var mixed = Requests(() => 20 + random.NextInt(13));
    var plain = new SamplingOptions { Temperature = 1.0, MaxNewTokens = 48, StopAtEos = false };
    var truncated = new SamplingOptions { Temperature = 0.8, TopK = 20, TopP = 0.9, MaxNewTokens = 48 };
    using var copy = InferenceCopy.Of(model, ComputeDtype.Bfloat16);
    foreach (var (name, sampled) in new[] { ("float32", model), ("bfloat16", copy.Model) })
    {
        var sampler = new Sampler(sampled, tokenizer);
        foreach (var (label, requests, options) in new[] { ("equal", equal, plain), ("mixed", mixed, plain), ("mixed top-k/p", mixed, truncated), ("mixed 2 streams", mixed, plain with { Streams = 2 }) })
        {
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            foreach (var completion in sampler.Generate(requests, options))
            {
                hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(completion.TokenIds.AsSpan()));
                hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(completion.LogProbs.AsSpan()));
                hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(completion.UntruncatedLogProbs.AsSpan()));
            }

            Console.WriteLine($"fingerprint {name} {label}: {Convert.ToHexString(hash.GetHashAndReset())[..16]}");
        }
    }
}

static void Attention()
{
    foreach (var dtype in new[] { ScalarType.Float32, ScalarType.BFloat16 })
    {
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        using var generator = new Generator(1);
        var cacheKeys = randn([256, 2, 128, 64], generator: generator).to_type(dtype);
        var cacheValues = randn([256, 2, 128, 64], generator: generator).to_type(dtype);
        var k = cacheKeys.narrow(2, 0, 80);
        var v = cacheValues.narrow(2, 0, 80);
        var q = randn([256, 1, 2, 64], generator: generator).to_type(dtype).transpose(1, 2);
        var mask = ones([256, 1, 1, 80], dtype: ScalarType.Bool);
        mask.narrow(3, 0, 5).fill_(false);
        Time(dtype, "fused kernel", () => F.scaled_dot_product_attention(q, k, v, attn_mask: mask));
        Time(dtype, "two products", () =>
        {
            // SelfAttention.AttendOneQuery's operations (that method is internal to ReasonRL.Model).
            var scores = q.mul(1.0 / 8).matmul(k.transpose(2, 3));
            scores.masked_fill_(mask.logical_not(), double.NegativeInfinity);
            return scores.softmax(-1).matmul(v);
        });
    }
}

static void Time(ScalarType dtype, string name, Func<Tensor> attend)
{
    var best = double.MaxValue;
    for (var call = 0; call < 60; call++)
    {
        using var scope = NewDisposeScope();
        var clock = Stopwatch.StartNew();
        attend();
        if (call >= 6)
        {
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }
    }

    Console.WriteLine($"attention {dtype} {name}: {best:F3} ms");
}

static void Train(int rounds)
{
    var runs = new List<(string Name, TransformerModel Model, Tensor Inputs, Tensor Targets, List<double> Seconds)>();
    foreach (var preset in new[] { ModelPreset.Small, ModelPreset.Base })
    {
        var config = TransformerConfig.FromPreset(preset, 128, 256);
        var model = TransformerModel.Create(config, seed: 1);
        var copy = TransformerModel.Uninitialised(config, model.Compute with { Dtype = ComputeDtype.Bfloat16 });
        using (no_grad())
        {
            var source = model.state_dict();
            foreach (var (name, target) in copy.state_dict())
            {
                target.copy_(source[name]);
            }
        }

        using var generator = new Generator(2);
        var batch = randint(0, 128, [16, 257], dtype: ScalarType.Int64, generator: generator);
        var inputs = batch.narrow(1, 0, 256);
        var targets = batch.narrow(1, 1, 256).reshape(-1);
        runs.Add(($"{preset} float32", model, inputs, targets, []));
        runs.Add(($"{preset} bfloat16", copy, inputs, targets, []));
    }

    for (var round = 0; round <= rounds; round++)
    {
        foreach (var (_, model, inputs, targets, seconds) in runs)
        {
            using var scope = NewDisposeScope();
            model.train();
            foreach (var parameter in model.parameters())
            {
                parameter.grad = null;
            }

            var clock = Stopwatch.StartNew();
            var logits = model.forward(inputs).to_type(ScalarType.Float32);           // (B, T, vocab)
            var loss = F.cross_entropy(logits.view(-1, 128), targets);
            loss.backward();
            if (round > 0)
            {
                seconds.Add(clock.Elapsed.TotalSeconds);
            }
        }
    }

    const double tokens = 16.0 * 256;
    for (var i = 0; i < runs.Count; i += 2)
    {
        foreach (var (name, _, _, _, seconds) in new[] { runs[i], runs[i + 1] })
        {
            Console.WriteLine($"train {name}: fastest {tokens / seconds.Min():F0} tokens/s, median {tokens / seconds.Order().ElementAt(seconds.Count / 2):F0}");
        }

        Console.WriteLine($"train {runs[i].Name.Split(' ')[0]} bf16/f32: fastest {runs[i].Seconds.Min() / runs[i + 1].Seconds.Min():F2}x, median {runs[i].Seconds.Order().ElementAt(rounds / 2) / runs[i + 1].Seconds.Order().ElementAt(rounds / 2):F2}x");
    }
}
