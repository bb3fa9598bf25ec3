using System.Text;
using System.Text.Json;
using ReasonRL.Core.Io;
using ReasonRL.Core.Json;

namespace ReasonRL.Training.Prm;

/// <summary>Where a PRM training solution came from (YAML/JSON: <c>sampled</c> | <c>rendered</c>).</summary>
public enum PrmSolutionSource
{
    /// <summary>Sampled from a model at temperature: its own, natural mistakes.</summary>
    Sampled,

    /// <summary>A family's reference solution rendered in a style with plausible mistakes.</summary>
    Rendered,
}

/// <summary>
/// One labelled solution for a process reward model: the templated prompt, the completion, where its steps end
/// (exclusive character offsets into the completion, the last one its end: the answer step) and one label per step in
/// [0, 1] (1 = still on track), plus whether its answer is right. One JSON object per line of
/// <c>data/train.jsonl</c> and <c>data/held_out.jsonl</c> in a prm stage's folder.
/// </summary>
public sealed record PrmExample(
    string ProblemId, PrmSolutionSource Source, string Prompt, string Completion, IReadOnlyList<int> StepEnds, IReadOnlyList<double> Labels, bool Correct)
{
    public static void WriteFile(string path, IEnumerable<PrmExample> examples) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            foreach (var example in examples)
            {
                writer.WriteLine(Jsonl.Line(example));
            }
        });

    public static IReadOnlyList<PrmExample> ReadFile(string path) =>
        [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<PrmExample>(l, RecordJson.Options)!)];
}
