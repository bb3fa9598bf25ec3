using ReasonRL.Core;
using ReasonRL.Core.Tasks;
using ReasonRL.Model.Tokenization;
using ReasonRL.Training.Distillation;
using ReasonRL.Training.Stages;
using ReasonRL.Training.Tests.Corpus;

namespace ReasonRL.Training.Tests.Distillation;

public class TokenizerMatchTests
{
    private static readonly TextTokenizer Shared = ModelVocabulary.For(new TaskFamilyRegistry([new AdditionFamily()]));

    [Fact]
    public void A_teacher_with_another_tokenizer_is_refused_naming_both_checkpoints()
    {
        var other = TextTokenizer.CharacterLevel(["0123456789+= \n", "xyz"]);

        var error = Assert.Throws<InputException>(() => TokenizerMatch.Require("runs/x/teacher/final", other, "runs/x/student/final", Shared));

        Assert.Contains("teacher runs/x/teacher/final and student runs/x/student/final use different tokenizers", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{other.VocabSize} tokens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_tokenizers_pass()
    {
        var again = ModelVocabulary.For(new TaskFamilyRegistry([new AdditionFamily()]));

        TokenizerMatch.Require("teacher", again, "student", Shared);
    }
}
