using ReasonRL.Core;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Training.Corpus;
using ReasonRL.Training.Recipes;

namespace ReasonRL.Training.Tests.Corpus;

public class CorpusBuilderTests
{
    private static CorpusBuilder Builder(CorpusSection? section = null) =>
        new(new TaskFamilyRegistry([new AdditionFamily()]), section ?? new CorpusSection { Families = [new FamilyMix { Family = "addition" }] });

    [Fact]
    public void A_document_is_a_pure_function_of_seed_index_and_split()
    {
        var builder = Builder();

        Assert.Equal(builder.Document(7, 123, Split.Train), Builder().Document(7, 123, Split.Train));
        Assert.NotEqual(builder.Document(7, 123, Split.Train).Text, builder.Document(8, 123, Split.Train).Text);
        Assert.Equal(builder.Stream(7, 100, Split.Train).Skip(23).First(), builder.Document(7, 123, Split.Train));
    }

    [Fact]
    public void Styles_follow_their_weights()
    {
        var builder = Builder(new CorpusSection
        {
            Families = [new FamilyMix { Family = "addition" }],
            Styles = new Dictionary<SolutionStyle, double> { [SolutionStyle.Direct] = 3, [SolutionStyle.Steps] = 1 },
        });

        var direct = builder.Stream(1, 0, Split.Train).Take(4000).Count(d => d.Style == SolutionStyle.Direct);

        Assert.InRange(direct / 4000.0, 0.72, 0.78);
    }

    [Fact]
    public void Training_text_never_contains_a_held_out_problem()
    {
        var builder = Builder();
        var heldOut = builder.Stream(1, 0, Split.Test).Take(300).Select(d => d.Prompt).ToHashSet();

        var training = builder.Stream(1, 0, Split.Train).Take(3000).Select(d => d.Prompt);

        Assert.DoesNotContain(training, heldOut.Contains);
        Assert.True(heldOut.Count > 50);
    }

    [Fact]
    public void Documents_use_the_chat_template_and_only_the_listed_difficulties()
    {
        var builder = Builder(new CorpusSection { Families = [new FamilyMix { Family = "addition", Difficulties = [2] }] });

        Assert.All(builder.Stream(3, 0, Split.Train).Take(200), d =>
        {
            Assert.Equal(2, d.Difficulty);
            Assert.StartsWith("User: ", d.Prompt, StringComparison.Ordinal);
            Assert.EndsWith("\nAssistant:", d.Prompt, StringComparison.Ordinal);
            Assert.StartsWith(" <think>", d.Completion, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void An_unknown_family_or_difficulty_is_a_user_error()
    {
        Assert.Contains("unknown task family 'nope'", Assert.Throws<InputException>(() =>
            Builder(new CorpusSection { Families = [new FamilyMix { Family = "nope" }] })).Message, StringComparison.Ordinal);
        Assert.Contains("has no difficulty 9", Assert.Throws<InputException>(() =>
            Builder(new CorpusSection { Families = [new FamilyMix { Family = "addition", Difficulties = [9] }] })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_style_the_family_does_not_write_is_a_user_error_unless_its_weight_is_zero()
    {
        var styles = new Dictionary<SolutionStyle, double> { [SolutionStyle.Direct] = 0.9, [SolutionStyle.AnswerThenCheck] = 0.1 };

        var error = Assert.Throws<InputException>(() => Builder(new CorpusSection { Families = [new FamilyMix { Family = "addition" }], Styles = styles }));

        Assert.Contains("family 'addition' does not write answer_then_check solutions", error.Message, StringComparison.Ordinal);
        styles[SolutionStyle.AnswerThenCheck] = 0;
        Assert.NotNull(Builder(new CorpusSection { Families = [new FamilyMix { Family = "addition" }], Styles = styles }));
    }
}
