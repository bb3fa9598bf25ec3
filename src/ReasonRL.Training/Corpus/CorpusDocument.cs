using ReasonRL.Core.Tasks;

namespace ReasonRL.Training.Corpus;

/// <summary>
/// One training text: a problem's prompt in the chat template and a reference completion in one style, with where
/// it came from. Pretraining trains on <c>Prompt + Completion</c>; SFT on the completion given the prompt.
/// </summary>
public sealed record CorpusDocument(string ProblemId, string Family, int Difficulty, SolutionStyle Style, string Prompt, string Completion)
{
    public string Text => Prompt + Completion;
}
