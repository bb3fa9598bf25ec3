using ReasonRL.Training.Recipes;

namespace ReasonRL.Training.Tests.Grpo;

/// <summary>A GRPO stage's sampling settings become the sampler's options, streams included.</summary>
public class SamplingSectionTests
{
    [Fact]
    public void Streams_reach_the_samplers_options_and_default_to_one_batch()
    {
        Assert.Equal(1, new SamplingSection().ToOptions().Streams);
        Assert.Equal(2, new SamplingSection { Streams = 2 }.ToOptions().Streams);
    }

    [Fact]
    public void Zero_streams_are_reported_under_their_key()
    {
        Assert.Equal([new SectionProblem("streams", "must be at least 1, got 0")], new SamplingSection { Streams = 0 }.Validate());
    }
}
