using System.Text.Json.Nodes;
using ReasonRL.Model;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Benchmarks;
using ReasonRL.Training.Optimization;
using ReasonRL.Training.Supervised;
using static TorchSharp.torch;

namespace ReasonRL.Training.Tests.Benchmarks;

/// <summary>The real-shape benchmark and bfloat16 training, on tiny grouped-query models.</summary>
public sealed class RealShapeBenchTests : IDisposable
{
    private static readonly TransformerConfig TinyQwen2 = new()
    {
        Family = ModelFamily.Qwen2, DModel = 32, Layers = 2, Heads = 4, KvHeads = 2, MlpHidden = 48, VocabSize = 64,
        ContextLength = 64, QkvBias = true, TiedEmbeddings = true,
    };

    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-shape-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_measurement_runs_in_both_dtypes_from_a_checkpoint_in_the_family_layout()
    {
        var folder = Path.Combine(_folder, "tiny");
        var messages = new List<string>();

        var results = RealShapeBench.Run("tiny", TinyQwen2, [ComputeDtype.Float32, ComputeDtype.Bfloat16], train: true, RealShapeSettings.Quick, folder, messages.Add, CancellationToken.None);

        Assert.Equal([ComputeDtype.Float32, ComputeDtype.Bfloat16], results.Select(r => r.Dtype));
        Assert.All(results, r =>
        {
            Assert.True(r.DecodeTokensPerSecond > 0 && r.ScoreTokensPerSecond > 0 && r.GrpoStepSeconds > 0, r.ToString());
            Assert.True(r.PeakRssBytes > 0 && r.LoadPeakRssBytes > 0, r.ToString());
        });
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;
        Assert.Equal("Qwen2ForCausalLM", config["architectures"]![0]!.GetValue<string>());
        Assert.Equal("bfloat16", config["torch_dtype"]!.GetValue<string>());
        Assert.Contains(messages, m => m.Contains("GRPO step", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bfloat16_model_learns_a_fixed_batch_with_float32_moments()
    {
        using var model = TransformerModel.Create(TinyQwen2, seed: 3, new ModelCompute { Dtype = ComputeDtype.Bfloat16 });
        using var optimizer = FlatAdamW.Create(model.named_parameters(), learningRate: 0.01);
        var rows = Enumerable.Range(0, 4).Select(r => Enumerable.Range(0, 17).Select(t => ((r * 7) + (t * 3)) % 60).ToArray()).ToList();
        var batch = TokenBatch.FromRows(rows, [.. rows.Select(_ => Enumerable.Repeat(1f, 16).ToArray())]);
        var losses = new List<float>();
        for (var step = 0; step < 30; step++)
        {
            using var scope = NewDisposeScope();
            var loss = NextTokenLoss.Of(model.forward(batch.Inputs).to_type(ScalarType.Float32), batch.Targets, batch.LossMask);
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.ClipGradNorm(1.0);
            optimizer.Step();
            losses.Add(loss.item<float>());
        }

        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
        Assert.True(losses[^1] < 0.5 * losses[0], $"loss {losses[0]} → {losses[^1]}");
        var moments = Path.Combine(_folder, "optimizer.safetensors");
        optimizer.Save(moments);
        Assert.All(Model.Checkpoints.SafeTensors.ReadHeader(moments).Entries.Values, e => Assert.Equal(ScalarType.Float32, e.Dtype));
    }
}
