using ReasonRL.Training.Grpo;

namespace ReasonRL.Training.Tests.Grpo;

public class SamplerAgreementTests
{
    [Theory]
    [InlineData(4e-7, 4e-5, OldLogProbSource.Sampler, null)]                         // float rounding: silent
    [InlineData(0.03, 0.5, OldLogProbSource.Sampler, "set old_log_probs: trainer")] // a sampler with other numerics
    [InlineData(0.001, 2.0, OldLogProbSource.Sampler, "set old_log_probs: trainer")] // one token far off
    [InlineData(0.03, 0.5, OldLogProbSource.Trainer, "the TIS weights correct for it")]
    public void A_large_gap_between_sampler_and_trainer_gets_a_warning_naming_the_fix(double mean, double max, OldLogProbSource source, string? advice)
    {
        var warning = new SamplerAgreement(new TokenStatistics(0, mean, max), null).Warning(source);

        if (advice is null)
        {
            Assert.Null(warning);
        }
        else
        {
            Assert.NotNull(warning);
            Assert.Contains(advice, warning, StringComparison.Ordinal);
        }
    }
}
