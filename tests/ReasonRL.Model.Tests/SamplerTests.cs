using ReasonRL.Model.Sampling;

namespace ReasonRL.Model.Tests;

/// <summary>Seeds, truncation (top-k, top-p), greedy, and the stop conditions of the sampler.</summary>
public class SamplerTests
{
    private static readonly int A = TestModels.Id('a');
    private static readonly int B = TestModels.Id('b');
    private static readonly int C = TestModels.Id('c');
    private static readonly int D = TestModels.Id('d');

    [Fact]
    public void The_same_seeds_give_the_same_samples_and_other_seeds_other_samples()
    {
        using var model = TestModels.Create();
        var sampler = new Sampler(model, TestModels.Tokenizer);
        var options = new SamplingOptions { MaxNewTokens = 16, StopAtEos = false };
        SampleRequest[] Requests(ulong offset) => [.. Enumerable.Range(0, 4).Select(i => new SampleRequest(TestModels.Prompt("1+1="), (ulong)i + offset))];

        var first = sampler.Generate(Requests(0), options);
        var again = sampler.Generate(Requests(0), options);
        var other = sampler.Generate(Requests(100), options);

        Assert.Equal(first.Select(c => c.TokenIds), again.Select(c => c.TokenIds));
        Assert.NotEqual(first.Select(c => string.Join(",", c.TokenIds)), other.Select(c => string.Join(",", c.TokenIds)));
        Assert.NotEqual(first[0].TokenIds, first[1].TokenIds); // rows with different seeds differ
    }

    [Fact]
    public void A_request_gets_the_same_sample_whatever_else_is_in_the_batch()
    {
        using var model = TestModels.Create();
        var sampler = new Sampler(model, TestModels.Tokenizer);
        var options = new SamplingOptions { MaxNewTokens = 16, StopAtEos = false };
        var request = new SampleRequest(TestModels.Prompt("5+5="), 42);

        var alone = sampler.Generate([request], options)[0];
        var inCrowd = sampler.Generate([new(TestModels.Prompt("a bad cafe 123 + 456 = 579"), 1), request, new(TestModels.Prompt("9"), 2)], options)[1];

        Assert.Equal(alone.TokenIds, inCrowd.TokenIds);
    }

    [Fact]
    public void Rows_that_share_a_prompt_sample_as_they_would_alone()
    {
        using var model = TestModels.Create();
        var sampler = new Sampler(model, TestModels.Tokenizer);
        var options = new SamplingOptions { MaxNewTokens = 12, StopAtEos = false };
        int[] group = TestModels.Prompt("12+3="), other = TestModels.Prompt("a bad cafe 7"); // prompts of two lengths: left padding
        SampleRequest[] requests = [new(group, 1), new(other, 2), new(group, 3), new(group, 4), new([.. other], 5)];

        var together = sampler.Generate(requests, options);

        for (var i = 0; i < requests.Length; i++)
        {
            var alone = sampler.Generate([requests[i]], options)[0];
            Assert.Equal(alone.TokenIds, together[i].TokenIds);
            Assert.Equal(alone.LogProbs.ToArray(), together[i].LogProbs.ToArray(), (a, b) => Math.Abs(a - b) < 1e-5);
        }

        Assert.NotEqual(together[0].TokenIds, together[2].TokenIds); // one prompt, different seeds, different samples
    }

    [Fact]
    public void Top_k_samples_only_the_k_most_likely_tokens()
    {
        using var model = TestModels.Constant(TestModels.Logits((A, 2f), (B, 1.8f), (C, 1.6f), (D, 1.5f)));
        var counts = SampleCounts(model, new SamplingOptions { TopK = 3, MaxNewTokens = 50, StopAtEos = false });

        Assert.Equal(new[] { A, B, C }.Order(), counts.Keys.Order());
    }

    [Fact]
    public void Top_p_samples_only_the_smallest_set_of_tokens_holding_p_of_the_mass()
    {
        // Probabilities ≈ 0.5, 0.3, 0.15, 0.05: with p = 0.75 the nucleus is {a, b} (0.5 < 0.75 ≤ 0.8).
        var logits = TestModels.Logits((A, MathF.Log(0.5f)), (B, MathF.Log(0.3f)), (C, MathF.Log(0.15f)), (D, MathF.Log(0.05f)));
        using var model = TestModels.Constant(logits);

        var counts = SampleCounts(model, new SamplingOptions { TopP = 0.75, MaxNewTokens = 50, StopAtEos = false });

        Assert.Equal(new[] { A, B }.Order(), counts.Keys.Order());
        Assert.InRange(counts[A] / (double)(counts[A] + counts[B]), 0.5, 0.75); // 0.5/0.8 = 0.625 renormalised
    }

    [Fact]
    public void Without_truncation_every_token_with_real_mass_gets_sampled()
    {
        var logits = TestModels.Logits((A, MathF.Log(0.5f)), (B, MathF.Log(0.3f)), (C, MathF.Log(0.15f)), (D, MathF.Log(0.05f)));
        using var model = TestModels.Constant(logits);

        var counts = SampleCounts(model, new SamplingOptions { MaxNewTokens = 100, StopAtEos = false });

        Assert.Equal(new[] { A, B, C, D }.Order(), counts.Keys.Order());
        Assert.InRange(counts[A] / (double)counts.Values.Sum(), 0.4, 0.6);
    }

    [Fact]
    public void Greedy_always_takes_the_most_likely_token_and_reports_its_log_probs()
    {
        using var model = TestModels.Constant(TestModels.Logits((A, 1f), (B, 3f), (C, 2f)));
        var sampler = new Sampler(model, TestModels.Tokenizer);

        var completion = sampler.Generate([new(TestModels.Prompt("1"), 9)], new SamplingOptions { Temperature = 0, MaxNewTokens = 5, StopAtEos = false })[0];

        Assert.Equal(Enumerable.Repeat(B, 5), completion.TokenIds);
        var expected = 3 - Math.Log(Math.Exp(1) + Math.Exp(3) + Math.Exp(2) + ((TestModels.Tokenizer.VocabSize - 3) * Math.Exp(-30)));
        Assert.All(completion.UntruncatedLogProbs, lp => Assert.Equal(expected, lp, 5)); // softmax(logits), temperature 0 counting as 1
        Assert.All(completion.LogProbs, lp => Assert.Equal(0f, lp));                     // drawn from a point mass
    }

    [Fact]
    public void A_row_stops_at_eos_with_eos_as_its_last_token_and_not_in_its_text()
    {
        using var model = TestModels.Constant(TestModels.Logits((TestModels.Tokenizer.EosId, 5f)));
        var sampler = new Sampler(model, TestModels.Tokenizer);

        var completion = sampler.Generate([new(TestModels.Prompt("1"), 3)], new SamplingOptions { MaxNewTokens = 20 })[0];

        Assert.Equal(StopReason.Eos, completion.StopReason);
        Assert.Equal([TestModels.Tokenizer.EosId], completion.TokenIds);
        Assert.Equal("", completion.Text);
    }

    [Fact]
    public void A_row_stops_right_after_a_stop_string_and_its_text_ends_with_it()
    {
        using var model = TestModels.Constant(TestModels.Logits((A, 5f)));
        var sampler = new Sampler(model, TestModels.Tokenizer);

        var completion = sampler.Generate([new(TestModels.Prompt("1"), 3)], new SamplingOptions { MaxNewTokens = 20, StopStrings = ["zz", "aaa"] })[0];

        Assert.Equal(StopReason.StopString, completion.StopReason);
        Assert.Equal("aaa", completion.Text);
        Assert.Equal(3, completion.TokenIds.Length);
    }

    [Fact]
    public void Max_new_tokens_and_the_context_length_cut_a_row()
    {
        using var model = TestModels.Constant(TestModels.Logits((A, 5f)));
        var sampler = new Sampler(model, TestModels.Tokenizer);
        var longPrompt = TestModels.Prompt(new string('1', 60)); // 61 tokens of a 64-token context

        var completions = sampler.Generate([new(TestModels.Prompt("1"), 3), new(longPrompt, 4)], new SamplingOptions { MaxNewTokens = 7 });

        Assert.Equal((StopReason.Length, 7, 7), (completions[0].StopReason, completions[0].TokenIds.Length, completions[0].MaxNewTokens));
        Assert.Equal((StopReason.Length, 3, 3), (completions[1].StopReason, completions[1].TokenIds.Length, completions[1].MaxNewTokens)); // its own limit
        Assert.Equal("aaaaaaa", completions[0].Text);
    }

    [Fact]
    public void Finished_rows_leave_the_batch_without_changing_the_others()
    {
        // Half the rows stop at once (eos-heavy prompts are not possible with a constant model, so use max tokens
        // via the context): compacting must not disturb the rows that keep running.
        using var model = TestModels.Create();
        var sampler = new Sampler(model, TestModels.Tokenizer);
        var requests = Enumerable.Range(0, 8).Select(i => new SampleRequest(TestModels.Prompt(i % 2 == 0 ? new string('1', 58) : "2+2="), (ulong)i)).ToArray();
        var compacting = new SamplingOptions { MaxNewTokens = 12, StopAtEos = false, CompactWhenActiveFraction = 0.75 };
        var never = compacting with { CompactWhenActiveFraction = 0 };

        var compacted = sampler.Generate(requests, compacting);
        var full = sampler.Generate(requests, never);

        Assert.Equal(full.Select(c => c.TokenIds), compacted.Select(c => c.TokenIds));
        Assert.All(compacted.Where((_, i) => i % 2 == 0), c => Assert.Equal(5, c.TokenIds.Length));
    }

    [Theory]
    [InlineData(1.0, 0, 1.0)]   // untruncated: the two records are one
    [InlineData(0.7, 3, 1.0)]   // top-k after temperature
    [InlineData(1.3, 0, 0.8)]   // top-p after temperature
    [InlineData(0.9, 5, 0.6)]   // top-k, then top-p over what is left
    public void The_recorded_log_probs_are_those_of_the_distribution_sampled_from(double temperature, int topK, double topP)
    {
        using var model = TestModels.Create();
        var sampler = new Sampler(model, TestModels.Tokenizer);
        var options = new SamplingOptions { Temperature = temperature, TopK = topK, TopP = topP, MaxNewTokens = 8, StopAtEos = false };
        var prompt = TestModels.Prompt("3+4=");

        var completions = sampler.Generate([.. Enumerable.Range(0, 4).Select(i => new SampleRequest(prompt, (ulong)i))], options);

        foreach (var completion in completions)
        {
            for (var t = 0; t < completion.TokenIds.Length; t++)
            {
                // The next-token logits after the prompt and the first t sampled tokens, from a plain forward pass.
                var logits = NextTokenLogits(model, [.. prompt, .. completion.TokenIds.Take(t)]);
                var (truncated, untruncated) = ReferenceLogProbs(logits, completion.TokenIds[t], temperature, topK, topP);
                Assert.Equal(truncated, completion.LogProbs[t], 4);
                Assert.Equal(untruncated, completion.UntruncatedLogProbs[t], 4);
            }
        }

        Assert.Equal(topK == 0 && topP == 1.0, completions.All(c => ReferenceEquals(c.LogProbs, c.UntruncatedLogProbs)));
    }

    /// <summary>
    /// Written out on plain arrays: p = softmax(logits / T); keep the k most likely, renormalise; keep the smallest
    /// prefix (most likely first) whose mass reaches p, renormalise; the token's log-prob there, and under p itself.
    /// </summary>
    private static (double Truncated, double Untruncated) ReferenceLogProbs(float[] logits, int token, double temperature, int topK, double topP)
    {
        var scaled = logits.Select(l => l / temperature).ToArray();
        var max = scaled.Max();
        var probabilities = scaled.Select(l => Math.Exp(l - max)).ToArray();
        var total = probabilities.Sum();
        probabilities = [.. probabilities.Select(p => p / total)];
        var ranked = Enumerable.Range(0, probabilities.Length).OrderByDescending(i => probabilities[i]).ToList();
        if (topK > 0)
        {
            ranked = [.. ranked.Take(topK)];
        }

        var keptMass = ranked.Sum(i => probabilities[i]);
        var nucleus = new List<int>();
        var mass = 0.0;
        foreach (var i in ranked)
        {
            if (mass >= topP * keptMass && topP < 1.0)
            {
                break;
            }

            nucleus.Add(i);
            mass += probabilities[i];
        }

        Assert.Contains(token, nucleus); // the sampler never leaves the truncated set
        return (Math.Log(probabilities[token] / mass), Math.Log(probabilities[token]));
    }

    private static float[] NextTokenLogits(Transformer.TransformerModel model, int[] tokens)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var guard = TorchSharp.torch.no_grad();
        var logits = model.forward(TorchSharp.torch.tensor(tokens.Select(t => (long)t).ToArray()).unsqueeze(0));
        return logits[0, tokens.Length - 1].data<float>().ToArray();
    }

    [Fact]
    public void Bad_options_are_refused_with_every_problem_named()
    {
        using var model = TestModels.Create();
        var sampler = new Sampler(model, TestModels.Tokenizer);

        var error = Assert.Throws<ArgumentException>(() => sampler.Generate([new(TestModels.Prompt("1"), 1)], new SamplingOptions { TopP = 0, MaxNewTokens = 0 }));

        Assert.Contains("top_p", error.Message, StringComparison.Ordinal);
        Assert.Contains("max_new_tokens", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<int, int> SampleCounts(Transformer.TransformerModel model, SamplingOptions options)
    {
        var sampler = new Sampler(model, TestModels.Tokenizer);
        var requests = Enumerable.Range(0, 8).Select(i => new SampleRequest(TestModels.Prompt("1"), (ulong)i)).ToArray();
        return sampler.Generate(requests, options).SelectMany(c => c.TokenIds).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
    }
}
