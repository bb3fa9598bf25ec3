using ReasonRL.Core.Records;
using ReasonRL.Training.Grpo;

namespace ReasonRL.Training.Tests.Grpo;

public sealed class LoggedSamplesTests
{
    private static Verdict With(params string[] flags) => new(0.0, Outcome.Incorrect, flags);

    [Fact]
    public void The_first_completion_of_the_first_groups_then_one_completion_per_flag_not_yet_shown()
    {
        // Three groups of two: rows 0-1, 2-3, 4-5.
        Verdict[] verdicts = [With(), With("special_casing"), With("timeout"), With("special_casing", "exit_attempt"), With("timeout"), With("crashed")];

        Assert.Equal([0, 1, 2, 3, 5], LoggedSamples.Pick(verdicts, groupSize: 2, samplesPerLog: 1));
        Assert.Equal([0, 1, 2, 3, 4, 5], LoggedSamples.Pick(verdicts, groupSize: 2, samplesPerLog: 3));
        Assert.Equal([1, 2, 3, 5], LoggedSamples.Pick(verdicts, groupSize: 2, samplesPerLog: 0));
    }

    [Fact]
    public void A_flag_already_on_a_chosen_completion_adds_no_other()
    {
        Verdict[] verdicts = [With("special_casing"), With("special_casing"), With(), With("special_casing")];

        Assert.Equal([0, 2], LoggedSamples.Pick(verdicts, groupSize: 2, samplesPerLog: 2));
        Assert.Equal([], LoggedSamples.Pick([With(), With()], groupSize: 2, samplesPerLog: 0));
    }
}
