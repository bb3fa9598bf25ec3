namespace ReasonRL.Core.Evaluation;

/// <summary>
/// What evaluation keeps of one problem's scored completions: counts for pass@k and means, and the answers of the
/// first <c>votes</c> samples (input order) for maj@k. Memory per problem is O(votes), not O(samples).
/// </summary>
public sealed class ProblemTally(string id, string family, int difficulty, int votes)
{
    private readonly List<string?> _answers = new(votes);
    private readonly List<bool> _answerCorrect = new(votes);

    public string Id { get; } = id;

    public string Family { get; } = family;

    public int Difficulty { get; } = difficulty;

    public int Samples { get; private set; }

    public int Correct { get; private set; }

    /// <summary>Samples whose verdict was an infrastructure error; they count as samples that are not correct.</summary>
    public int Errors { get; private set; }

    public long TotalLength { get; private set; }

    public int Reflective { get; private set; }

    /// <summary>Reflective samples that are correct: with <see cref="Reflective"/>, the <see cref="ReflectionSplit"/>.</summary>
    public int ReflectiveCorrect { get; private set; }

    /// <summary>Correctness of reflective samples beside the others.</summary>
    public ReflectionSplit ReflectionSplit => new(Reflective, ReflectiveCorrect, Samples - Reflective, Correct - ReflectiveCorrect);

    /// <summary>The canonical answers of the first samples (null: none extracted), for <see cref="MajorityVote"/>.</summary>
    public IReadOnlyList<string?> VoteAnswers => _answers;

    public IReadOnlyList<bool> VoteCorrect => _answerCorrect;

    /// <param name="correct">The verdict's outcome was <c>correct</c>.</param>
    /// <param name="answer">The canonical extracted answer, or null when the completion has none.</param>
    /// <param name="length">The completion's length in characters.</param>
    /// <param name="reflective">The completion contains a self-verification phrase (<see cref="Text.ReflectionDetector"/>).</param>
    /// <param name="error">The verdict's outcome was <c>error</c>.</param>
    public void Add(bool correct, string? answer, int length, bool reflective, bool error)
    {
        Samples++;
        Correct += correct ? 1 : 0;
        Errors += error ? 1 : 0;
        TotalLength += length;
        Reflective += reflective ? 1 : 0;
        ReflectiveCorrect += reflective && correct ? 1 : 0;
        if (_answers.Count < votes)
        {
            _answers.Add(answer);
            _answerCorrect.Add(correct);
        }
    }
}
