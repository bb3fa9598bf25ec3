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
//                                 96 new tokens), float32 and a bfloat16 copy: fastest and median new tokens/s
//   speed-ab attention            one query per row over a cache at the small preset's shapes (batch 256, 2 heads
//                                 of 64, 80 of 128 columns filled, a padding mask): the fused kernel against two
//                                 batched matrix products, fastest of 54 calls, float32 and bfloat16
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
    default:
        Console.Error.WriteLine("usage: speed-ab decode REPETITIONS | speed-ab attention");
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
    foreach (var (name, sampled) in new[] { ("float32", model), ("bfloat16", copy.Model) })
    {
        var sampler = new Sampler(sampled, tokenizer);
        var seconds = new List<double>();
        for (var repetition = 0; repetition < repetitions; repetition++)
        {
            var clock = Stopwatch.StartNew();
            sampler.Generate(requests, options);
            seconds.Add(clock.Elapsed.TotalSeconds);
        }

        var tokens = 256.0 * 96;
        Console.WriteLine($"decode {name}: fastest {tokens / seconds.Min():F0} new tokens/s, median {tokens / seconds.Order().ElementAt(seconds.Count / 2):F0}");
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
