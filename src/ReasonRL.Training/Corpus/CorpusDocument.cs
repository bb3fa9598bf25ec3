using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;

namespace ReasonRL.Training.Corpus;

/// <summary>
/// One training text: a problem's prompt in the chat template and a reference completion in one style, with where
/// it came from. Pretraining trains on <c>Prompt + Completion</c>; SFT on the completion given the prompt.
/// </summary>
/// <param name="Question">The problem's prompt before any template.</param>
public sealed record CorpusDocument(string ProblemId, string Family, int Difficulty, SolutionStyle Style, string Question, string Completion)
{
    /// <summary>The question in the R1 template: the corpus a base model is pretrained on is R1-formatted text.</summary>
    public string Prompt => R1Template.Prompt(Question);

    public string Text => Prompt + Completion;
}
