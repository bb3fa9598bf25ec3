using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;

namespace ReasonRL.Model.Checkpoints;

/// <summary>A model and the tokenizer it was trained with, as read from a checkpoint folder.</summary>
public sealed record LoadedCheckpoint(TransformerModel Model, TextTokenizer Tokenizer) : IDisposable
{
    public TransformerConfig Config => Model.Config;

    public void Dispose() => Model.Dispose();
}
