using System.Text.Json.Serialization;

namespace ReasonRL.Training.Distillation;

/// <summary>
/// One line of a distillation dataset: TRL's prompt/completion format, so a Python user can hand the file to TRL's
/// <c>SFTTrainer</c> as is, plus where the pair came from.
/// JSON: <c>{"prompt", "completion", "id", "reward", "teacher", "teacher_sha256", "sampling": {...}}</c>.
/// </summary>
/// <param name="Prompt">The chat-templated prompt exactly as the teacher saw it (in the run's prompt template; with <c>r1</c> and <c>raw</c> the model also sees a bos token before it, which is not text).</param>
/// <param name="Completion">The teacher's completion as sampled (it ends at the first <c>&lt;/answer&gt;</c>).</param>
/// <param name="Id">The problem's id.</param>
/// <param name="Reward">The <c>correctness</c> verifier's reward.</param>
/// <param name="Teacher">The teacher checkpoint folder, as given.</param>
/// <param name="TeacherSha256">SHA-256 (hex) of the teacher's <c>model.safetensors</c>: which weights produced the pair.</param>
public sealed record DistillRecord(
    string Prompt,
    string Completion,
    string Id,
    double Reward,
    string Teacher,
    [property: JsonPropertyName("teacher_sha256")] string TeacherSha256,
    SamplingProvenance Sampling);

/// <summary>The sampling settings a dataset was drawn with; sample s of problem p used a seed mixed from (seed, p's id, s).</summary>
public sealed record SamplingProvenance(double Temperature, double TopP, int TopK, int MaxNewTokens, ulong Seed);
