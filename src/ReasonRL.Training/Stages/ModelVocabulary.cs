using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;
using ReasonRL.Model.Tokenization;

namespace ReasonRL.Training.Stages;

/// <summary>
/// The tokenizer of models ReasonRL trains from scratch: character-level over every registered family's alphabet and
/// the chat template's, so that every model made in one installation shares one vocabulary (a base trained on one
/// family can be RL-trained on another, and any teacher can distil into any student).
/// </summary>
public static class ModelVocabulary
{
    public static TextTokenizer For(TaskFamilyRegistry families) =>
        TextTokenizer.CharacterLevel(families.All.Select(f => f.Alphabet).Append(R1Template.Alphabet));
}
