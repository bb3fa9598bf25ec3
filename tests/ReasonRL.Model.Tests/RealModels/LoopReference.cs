using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReasonRL.Model.Tests.RealModels;

/// <summary>
/// An independent, loop-form implementation of the decoder transformers computes for Llama, Mistral, Qwen2 and Qwen3,
/// in double precision on plain arrays, written from the modeling code's definitions rather than from the project's
/// model: RMSNorm, q/k/v/o projections with biases, per-head q/k RMSNorm, rotate-half RoPE with scaled frequencies,
/// grouped-query attention (query head h reads key/value head h / (H / H_kv)) with a causal and optional sliding
/// window, the SwiGLU MLP, and the tied or untied output projection.
/// </summary>
internal static class LoopReference
{
    /// <summary>log p(tokens[t] | tokens[..t]) for t = 1..T−1, at position t − 1 of the result.</summary>
    public static double[] LogProbs(TinyHfModel m, int[] tokens)
    {
        var logits = Logits(m, tokens);
        var result = new double[tokens.Length - 1];
        for (var t = 0; t < tokens.Length - 1; t++)
        {
            var max = logits[t].Max();
            var logSumExp = max + Math.Log(logits[t].Sum(l => Math.Exp(l - max)));
            result[t] = logits[t][tokens[t + 1]] - logSumExp;
        }

        return result;
    }

    /// <summary>Logits (T, vocab) of every position.</summary>
    public static double[][] Logits(TinyHfModel m, int[] tokens)
    {
        var all = m.Weights;
        double[] W(string name) => [.. all[name].Values.Select(v => (double)v)];
        double[]? Maybe(string name) => all.ContainsKey(name) ? W(name) : null;
        int d = m.Hidden, hd = m.HeadDim, heads = m.Heads, kvHeads = m.KvHeads, length = tokens.Length;
        var embed = W("model.embed_tokens.weight");
        var x = tokens.Select(token => embed.AsSpan(token * d, d).ToArray()).ToArray();
        var (inverseFrequency, attentionFactor) = RopeFrequencies(m);
        for (var layer = 0; layer < m.Layers; layer++)
        {
            var p = $"model.layers.{layer}.";
            var normed = x.Select(row => RmsNorm(row, W(p + "input_layernorm.weight"), m.Eps)).ToArray();
            var q = normed.Select(row => Linear(row, W(p + "self_attn.q_proj.weight"), Maybe(p + "self_attn.q_proj.bias"), heads * hd)).ToArray();
            var k = normed.Select(row => Linear(row, W(p + "self_attn.k_proj.weight"), Maybe(p + "self_attn.k_proj.bias"), kvHeads * hd)).ToArray();
            var v = normed.Select(row => Linear(row, W(p + "self_attn.v_proj.weight"), Maybe(p + "self_attn.v_proj.bias"), kvHeads * hd)).ToArray();
            for (var t = 0; t < length; t++)
            {
                for (var h = 0; h < heads; h++)
                {
                    NormaliseAndRotate(q[t], h * hd, hd, m.QkNorm ? W(p + "self_attn.q_norm.weight") : null, m.Eps, t, inverseFrequency, attentionFactor);
                }

                for (var h = 0; h < kvHeads; h++)
                {
                    NormaliseAndRotate(k[t], h * hd, hd, m.QkNorm ? W(p + "self_attn.k_norm.weight") : null, m.Eps, t, inverseFrequency, attentionFactor);
                }
            }

            var attended = new double[length][];
            for (var t = 0; t < length; t++)
            {
                attended[t] = new double[heads * hd];
                for (var h = 0; h < heads; h++)
                {
                    var kv = h / (heads / kvHeads);
                    var first = m.Window is { } window ? Math.Max(0, t - window + 1) : 0;
                    var scores = new double[t + 1 - first];
                    for (var j = first; j <= t; j++)
                    {
                        var dot = 0.0;
                        for (var i = 0; i < hd; i++)
                        {
                            dot += q[t][(h * hd) + i] * k[j][(kv * hd) + i];
                        }

                        scores[j - first] = dot / Math.Sqrt(hd);
                    }

                    var max = scores.Max();
                    var weights = scores.Select(s => Math.Exp(s - max)).ToArray();
                    var total = weights.Sum();
                    for (var j = first; j <= t; j++)
                    {
                        for (var i = 0; i < hd; i++)
                        {
                            attended[t][(h * hd) + i] += weights[j - first] / total * v[j][(kv * hd) + i];
                        }
                    }
                }
            }

            for (var t = 0; t < length; t++)
            {
                var output = Linear(attended[t], W(p + "self_attn.o_proj.weight"), Maybe(p + "self_attn.o_proj.bias"), d);
                for (var i = 0; i < d; i++)
                {
                    x[t][i] += output[i];
                }

                var mlpInput = RmsNorm(x[t], W(p + "post_attention_layernorm.weight"), m.Eps);
                var gate = Linear(mlpInput, W(p + "mlp.gate_proj.weight"), Maybe(p + "mlp.gate_proj.bias"), m.Intermediate);
                var up = Linear(mlpInput, W(p + "mlp.up_proj.weight"), Maybe(p + "mlp.up_proj.bias"), m.Intermediate);
                var product = gate.Select((g, i) => g / (1 + Math.Exp(-g)) * up[i]).ToArray();
                var down = Linear(product, W(p + "mlp.down_proj.weight"), Maybe(p + "mlp.down_proj.bias"), d);
                for (var i = 0; i < d; i++)
                {
                    x[t][i] += down[i];
                }
            }
        }

        var head = m.Tied ? embed : W("lm_head.weight");
        return [.. x.Select(row => Linear(RmsNorm(row, W("model.norm.weight"), m.Eps), head, null, m.Vocab))];
    }

    /// <summary>
    /// θ_i = 1 / base^(2i/hd) after the model's rope_scaling (read here from the config's own JSON), and the factor on
    /// cos and sin.
    /// </summary>
    public static (double[] InverseFrequency, double AttentionFactor) RopeFrequencies(TinyHfModel m)
    {
        var half = m.HeadDim / 2;
        var inverse = Enumerable.Range(0, half).Select(i => 1.0 / Math.Pow(m.Theta, 2.0 * i / m.HeadDim)).ToArray();
        if (m.RopeScalingJson is null)
        {
            return (inverse, 1.0);
        }

        var scaling = JsonNode.Parse(m.RopeScalingJson)!.AsObject();
        double? Get(string key) => scaling[key] is { } node && node.GetValueKind() == JsonValueKind.Number ? node.GetValue<double>() : null;
        var type = (scaling["rope_type"] ?? scaling["type"])!.GetValue<string>();
        var factor = Get("factor")!.Value;
        switch (type)
        {
            case "linear":
                return ([.. inverse.Select(f => f / factor)], 1.0);
            case "llama3":
            {
                double original = Get("original_max_position_embeddings")!.Value, low = Get("low_freq_factor")!.Value, high = Get("high_freq_factor")!.Value;
                var scaled = new double[half];
                for (var i = 0; i < half; i++)
                {
                    var wavelength = 2 * Math.PI / inverse[i];
                    var s = ((original / wavelength) - low) / (high - low);
                    scaled[i] = wavelength < original / high ? inverse[i]
                        : wavelength > original / low ? inverse[i] / factor
                        : ((1 - s) * inverse[i] / factor) + (s * inverse[i]);
                }

                return (scaled, 1.0);
            }

            case "yarn":
            {
                var original = Get("original_max_position_embeddings") ?? m.MaxPositions;
                double Magnitude(double mscale) => factor <= 1 ? 1 : (0.1 * mscale * Math.Log(factor)) + 1;
                var attention = Get("attention_factor")
                    ?? (Get("mscale") is { } ms && ms != 0 && Get("mscale_all_dim") is { } all && all != 0 ? Magnitude(ms) / Magnitude(all) : Magnitude(1));
                var betaFast = Get("beta_fast") ?? 32;
                var betaSlow = Get("beta_slow") ?? 1;
                double Dimension(double rotations) => m.HeadDim * Math.Log(original / (rotations * 2 * Math.PI)) / (2 * Math.Log(m.Theta));
                var low = Math.Max(Math.Floor(Dimension(betaFast)), 0);
                var highDim = Math.Min(Math.Ceiling(Dimension(betaSlow)), m.HeadDim - 1);
                if (low == highDim)
                {
                    highDim += 0.001;
                }

                var scaled = new double[half];
                for (var i = 0; i < half; i++)
                {
                    var keep = 1 - Math.Clamp((i - low) / (highDim - low), 0, 1); // weight of the unscaled frequency
                    scaled[i] = (inverse[i] / factor * (1 - keep)) + (inverse[i] * keep);
                }

                return (scaled, attention);
            }

            default:
                throw new InvalidOperationException(type);
        }
    }

    private static double[] RmsNorm(double[] x, double[] weight, double eps)
    {
        var meanSquare = x.Sum(v => v * v) / x.Length;
        var scale = 1 / Math.Sqrt(meanSquare + eps);
        return [.. x.Select((v, i) => v * scale * weight[i])];
    }

    /// <summary>y = W x + b with W (outputs, inputs) row-major.</summary>
    private static double[] Linear(double[] x, double[] weight, double[]? bias, int outputs)
    {
        var y = new double[outputs];
        for (var o = 0; o < outputs; o++)
        {
            var sum = bias?[o] ?? 0.0;
            for (var i = 0; i < x.Length; i++)
            {
                sum += weight[(o * x.Length) + i] * x[i];
            }

            y[o] = sum;
        }

        return y;
    }

    /// <summary>Optional per-head RMSNorm, then the rotate-half rotation of one head (at offset) by position t.</summary>
    private static void NormaliseAndRotate(double[] row, int offset, int hd, double[]? normWeight, double eps, int t, double[] inverseFrequency, double attentionFactor)
    {
        var head = row.AsSpan(offset, hd).ToArray();
        if (normWeight is not null)
        {
            head = RmsNorm(head, normWeight, eps);
        }

        var half = hd / 2;
        for (var i = 0; i < half; i++)
        {
            var angle = t * inverseFrequency[i];
            var cos = Math.Cos(angle) * attentionFactor;
            var sin = Math.Sin(angle) * attentionFactor;
            row[offset + i] = (head[i] * cos) - (head[i + half] * sin);
            row[offset + i + half] = (head[i + half] * cos) + (head[i] * sin);
        }
    }
}
