using ReasonRL.Training.Recipes;

namespace ReasonRL.Training.Tests.Grpo;

/// <summary>Held-out evaluations decode in streams too: the eval stage's key reaches its evaluation settings.</summary>
public class EvalStreamsTests
{
    [Fact]
    public void An_eval_stages_streams_reach_its_evaluation_and_default_to_one_batch()
    {
        Assert.Equal(1, new EvalSection().Streams);
        Assert.Equal(1, new EvalStage { From = "base" }.AsEvalSection().Streams);
        Assert.Equal(2, new EvalStage { From = "base", Streams = 2 }.AsEvalSection().Streams);
    }

    [Fact]
    public void Zero_streams_are_reported_under_their_key()
    {
        Assert.Equal([new SectionProblem("streams", "must be at least 1, got 0")], new EvalSection { Streams = 0 }.Validate());
        Assert.Contains(new SectionProblem("streams", "must be at least 1, got 0"), new EvalStage { From = "base", Streams = 0 }.Validate());
    }
}
