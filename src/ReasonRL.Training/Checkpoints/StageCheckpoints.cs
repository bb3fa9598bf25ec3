using System.Globalization;
using ReasonRL.Core.Io;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Optimization;
using static TorchSharp.torch;

namespace ReasonRL.Training.Checkpoints;

/// <summary>
/// The checkpoints of one stage: resumable ones in <c>checkpoints/step-NNNNNN/</c> (a model checkpoint plus
/// <c>optimizer.safetensors</c>, <c>trainer_state.json</c> and any extra named models, e.g. the GRPO reference) and the
/// stage's result in <c>final/</c>. Every folder is written atomically, so a killed run never leaves a half-written
/// one; only the newest few resumable checkpoints are kept. Each records the prompt format its model is trained with
/// (<see cref="PromptFormat.FileName"/>).
/// </summary>
public sealed class StageCheckpoints(string stageFolder, int keep = 2)
{
    public const string OptimizerFile = "optimizer.safetensors";
    public const string StateFile = "trainer_state.json";

    public string Folder { get; } = Path.Combine(stageFolder, "checkpoints");

    /// <summary>The stage's final model, the folder later stages take with <c>from:</c>.</summary>
    public string Final { get; } = Path.Combine(stageFolder, "final");

    /// <summary>The prompt format the stage's model is trained with, recorded in each checkpoint.</summary>
    public PromptFormat Prompts { get; init; } = PromptFormat.R1;

    public bool IsComplete => File.Exists(Path.Combine(Final, Checkpoint.WeightsFile));

    public void Save(
        TrainerState state, TransformerModel model, TextTokenizer tokenizer, FlatAdamW optimizer,
        IReadOnlyDictionary<string, TransformerModel>? extraModels = null)
    {
        var path = Path.Combine(Folder, $"step-{state.Step.ToString("D6", CultureInfo.InvariantCulture)}");
        Checkpoint.Save(path, model, tokenizer, folder =>
        {
            optimizer.Save(Path.Combine(folder, OptimizerFile));
            Prompts.Write(folder);

            File.WriteAllText(Path.Combine(folder, StateFile), state.ToJson());
            foreach (var (name, extra) in extraModels ?? new Dictionary<string, TransformerModel>())
            {
                SafeTensors.Save(ExtraModelFile(folder, name), extra.state_dict());
            }
        });
        Prune();
    }

    /// <summary>The newest complete resumable checkpoint, if any.</summary>
    public string? Latest()
    {
        if (!Directory.Exists(Folder))
        {
            return null;
        }

        return Directory.EnumerateDirectories(Folder, "step-*")
            .Where(d => File.Exists(Path.Combine(d, StateFile)))
            .Order(StringComparer.Ordinal)
            .LastOrDefault();
    }

    /// <summary>Loads weights, optimizer state and extra models from a resumable checkpoint into live objects.</summary>
    public static TrainerState Restore(
        string path, TransformerModel model, FlatAdamW optimizer, IReadOnlyDictionary<string, TransformerModel>? extraModels = null)
    {
        using (var loaded = Checkpoint.Load(path))
        {
            CopyWeights(loaded.Model, model);
        }

        optimizer.Load(Path.Combine(path, OptimizerFile));

        foreach (var (name, extra) in extraModels ?? new Dictionary<string, TransformerModel>())
        {
            LoadInto(ExtraModelFile(path, name), extra);
        }

        return TrainerState.FromJson(File.ReadAllText(Path.Combine(path, StateFile)));
    }

    /// <summary>Where a resumable checkpoint keeps the extra model <paramref name="name"/>.</summary>
    public static string ExtraModelFile(string checkpoint, string name) => Path.Combine(checkpoint, $"{name}.safetensors");

    /// <summary>Loads the tensors of a safetensors file into <paramref name="model"/> (same architecture).</summary>
    public static void LoadInto(string file, TransformerModel model)
    {
        var tensors = SafeTensors.Load(file);
        try
        {
            model.load_state_dict(tensors);
        }
        finally
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }
        }
    }

    /// <summary>Writes the stage's final model (with a copy of its trainer state for the record).</summary>
    public void SaveFinal(TransformerModel model, TextTokenizer tokenizer, TrainerState state) =>
        Checkpoint.Save(Final, model, tokenizer, folder =>
        {
            File.WriteAllText(Path.Combine(folder, StateFile), state.ToJson());
            Prompts.Write(folder);
        });

    /// <summary>Copies every parameter of <paramref name="source"/> into <paramref name="target"/> (same architecture).</summary>
    public static void CopyWeights(TransformerModel source, TransformerModel target)
    {
        using var guard = no_grad();
        var sourceParameters = source.state_dict();
        foreach (var (name, tensor) in target.state_dict())
        {
            tensor.copy_(sourceParameters[name]);
        }
    }

    private void Prune()
    {
        AtomicDirectory.Recover(Folder);
        var all = Directory.EnumerateDirectories(Folder, "step-*").Order(StringComparer.Ordinal).ToList();
        foreach (var old in all.Take(Math.Max(0, all.Count - keep)))
        {
            Directory.Delete(old, recursive: true);
        }
    }
}
