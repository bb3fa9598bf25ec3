using System.Collections.Concurrent;
using ReasonRL.Model.Sampling;
using static TorchSharp.torch;

namespace ReasonRL.Model.Tests;

/// <summary>
/// Sampling in several streams: the parts, their single-threaded kernels, failures, and completions equal to one
/// batch's.
/// </summary>
public class SamplingStreamsTests
{
    private static readonly SampleRequest[] Requests =
    [
        .. new[] { "12+34=", "7", "abc def ghij 0", "9-8=", "5+6=", "a bad cafe", "1", "100-1=" }
            .Select((text, i) => new SampleRequest(TestModels.Prompt(text), (ulong)i + 1)),
    ];

    [Fact]
    public void Ten_items_in_three_streams_are_three_contiguous_parts()
    {
        var parts = new ConcurrentBag<(int Start, int Count)>();

        SamplingStreams.Run(3, 10, (start, count) => parts.Add((start, count)));

        Assert.Equal(new[] { (0, 3), (3, 3), (6, 4) }, parts.Order());
    }

    [Fact]
    public void Each_stream_runs_its_kernels_on_its_own_thread_and_the_caller_keeps_its_threads()
    {
        var before = get_num_threads();
        var inside = new ConcurrentBag<int>();

        SamplingStreams.Run(2, 2, (_, _) => inside.Add(get_num_threads()));

        Assert.Equal(new[] { 1, 1 }, inside);
        Assert.Equal(before, get_num_threads());
    }

    [Fact]
    public void A_failing_stream_fails_the_call_with_its_exception()
    {
        var failure = Assert.Throws<InvalidOperationException>(() =>
            SamplingStreams.Run(3, 3, (start, _) =>
            {
                if (start == 1)
                {
                    throw new InvalidOperationException("part 1 failed");
                }
            }));

        Assert.Equal("part 1 failed", failure.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void Streams_give_the_completions_of_one_batch(int streams)
    {
        using var model = TestModels.Create();
        var sampler = new Sampler(model, TestModels.Tokenizer);
        var options = new SamplingOptions { MaxNewTokens = 12, StopAtEos = false };

        var one = sampler.Generate(Requests, options);
        var split = sampler.Generate(Requests, options with { Streams = streams });
        var again = sampler.Generate(Requests, options with { Streams = streams });

        Assert.Equal(one.Select(c => c.TokenIds), split.Select(c => c.TokenIds));
        Assert.All(one.Zip(split), pair => Assert.All(pair.First.LogProbs.Zip(pair.Second.LogProbs), p => Assert.InRange(Math.Abs(p.First - p.Second), 0, 1e-5)));
        // The same streams give the same bits: each part runs alone on one thread.
        Assert.Equal(split.Select(c => c.LogProbs), again.Select(c => c.LogProbs));
    }

    [Fact]
    public void More_streams_than_requests_run_one_per_request()
    {
        using var model = TestModels.Create();
        var sampler = new Sampler(model, TestModels.Tokenizer);
        var options = new SamplingOptions { MaxNewTokens = 6, StopAtEos = false };

        var completions = sampler.Generate(Requests[..2], options with { Streams = 16 });

        Assert.Equal(sampler.Generate(Requests[..2], options).Select(c => c.TokenIds), completions.Select(c => c.TokenIds));
    }

    [Fact]
    public void Zero_streams_are_rejected()
    {
        Assert.Contains("streams must be >= 1, got 0", new SamplingOptions { Streams = 0 }.Problems());
    }
}
