using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Sampling;
using ReasonRL.Training.Grpo;
using ReasonRL.Training.Losses;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Stages;
using ReasonRL.Training.Tests.Corpus;

namespace ReasonRL.Training.Tests.Grpo;

public class RewardScoresTests
{
    private static readonly TaskFamilyRegistry Families = new([new AdditionFamily()]);

    [Theory]
    // length, the row's own limit, cache 4 → DAPO's penalty against that limit: 0 up to limit − 4, then linear to −1
    [InlineData(6, 10, 0.0)]
    [InlineData(8, 10, -0.5)]
    [InlineData(10, 10, -1.0)]   // a row the context cut at 10 tokens is at its limit, whatever max_new_tokens says
    [InlineData(10, 96, 0.0)]
    public async Task The_overlong_penalty_is_measured_against_each_rows_own_limit(int length, int rowLimit, double expected)
    {
        var tokenizer = ModelVocabulary.For(Families);
        var problem = new AdditionFamily().Generate(new GenerationRequest(1, 1)).Single();
        var text = new string('1', length);
        var completion = new SampledCompletion(tokenizer.Encode(text), text, new float[length], new float[length], StopReason.Length, rowLimit);
        var batch = new RolloutBatch([problem], [PromptBuilder.R1(tokenizer).Ids(problem.Prompt)], [completion, completion], groupSize: 2);

        var scores = await RewardScores.ScoreAsync(batch, new RewardComposer([new RewardComponent(new StartsWithSevenVerifier(), 1.0)]), overlongCacheLength: 4, CancellationToken.None);

        Assert.Equal(expected, scores.Rewards[0], 9);
    }

    [Fact]
    public void A_grpo_stage_refuses_greedy_sampling_and_a_kl_in_the_reward_without_outcome_advantages()
    {
        var stage = new GrpoStage { From = "base", Sampling = new SamplingSection { Temperature = 0 }, KlIn = KlPlacement.Reward, Advantage = AdvantageKind.Process };

        var problems = stage.Validate().ToList();

        Assert.Contains(problems, p => p.Key == "sampling.temperature" && p.Message.Contains("positive sampling temperature", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Key == "kl_in");
        Assert.Empty(new GrpoStage { From = "base" }.Validate());
    }
}
