using ReasonRL.Core;
using ReasonRL.Model.Tokenization;

namespace ReasonRL.Training.Distillation;

/// <summary>
/// Logit-level distillation compares the teacher's and the student's distributions token id by token id, so both
/// must use the same tokenizer (equal <see cref="TextTokenizer.Fingerprint"/>s).
/// </summary>
public static class TokenizerMatch
{
    /// <summary>Throws an <see cref="InputException"/> naming both checkpoints when their tokenizers differ.</summary>
    public static void Require(string teacherPath, TextTokenizer teacher, string studentPath, TextTokenizer student)
    {
        if (!teacher.SameAs(student))
        {
            throw new InputException(
                $"teacher {teacherPath} and student {studentPath} use different tokenizers ({teacher.Kind}, {teacher.VocabSize} tokens, fingerprint {teacher.Fingerprint[..12]} " +
                $"vs {student.Kind}, {student.VocabSize} tokens, fingerprint {student.Fingerprint[..12]}); logit-level distillation compares their " +
                "next-token distributions id by id and needs one tokenizer (sequence-level distillation, an sft stage on a distill_data dataset, does not)");
        }
    }
}
