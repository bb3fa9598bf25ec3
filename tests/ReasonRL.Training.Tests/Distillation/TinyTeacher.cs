using ReasonRL.Core.Tasks;
using ReasonRL.Model;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Stages;

namespace ReasonRL.Training.Tests.Distillation;

/// <summary>A randomly initialised tiny checkpoint with the shared vocabulary of the given families, saved to a folder.</summary>
internal static class TinyTeacher
{
    public static string Save(string folder, TaskFamilyRegistry families, ulong seed = 3, int contextLength = 48)
    {
        var tokenizer = ModelVocabulary.For(families);
        using var model = TransformerModel.Create(TransformerConfig.FromPreset(ModelPreset.Tiny, tokenizer.VocabSize, contextLength), seed);
        Checkpoint.Save(folder, model, tokenizer);
        return folder;
    }
}
