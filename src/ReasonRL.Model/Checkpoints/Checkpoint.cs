using ReasonRL.Core;
using ReasonRL.Core.Io;
using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;
using static TorchSharp.torch;

namespace ReasonRL.Model.Checkpoints;

/// <summary>
/// A checkpoint folder: <c>config.json</c> (<see cref="ModelConfigJson"/>), <c>model.safetensors</c> (the weights under
/// Hugging Face names) and <c>tokenizer.json</c>, written atomically (<see cref="AtomicDirectory"/>): a killed process
/// leaves the old folder or the new one, never a mix. Loading checks every tensor's name, shape and dtype against
/// the configuration and reports all mismatches at once.
/// </summary>
public static class Checkpoint
{
    public const string ConfigFile = "config.json";
    public const string WeightsFile = "model.safetensors";
    public const string TokenizerFile = "tokenizer.json";

    /// <summary>
    /// Writes the model (float32) and its tokenizer to <paramref name="directory"/>, replacing it atomically.
    /// <paramref name="writeExtraFiles"/> gets the folder being written, for files of the same atomic write
    /// (trainer state, optimizer state).
    /// </summary>
    public static void Save(string directory, TransformerModel model, TextTokenizer tokenizer, Action<string>? writeExtraFiles = null)
    {
        if (tokenizer.VocabSize > model.Config.VocabSize)
        {
            throw new ArgumentException($"the tokenizer has {tokenizer.VocabSize} ids but the model only {model.Config.VocabSize}", nameof(tokenizer));
        }

        AtomicDirectory.Write(directory, folder =>
        {
            File.WriteAllText(
                Path.Combine(folder, ConfigFile),
                ModelConfigJson.Write(model.Config, ScalarType.Float32, new TokenizerRoles(tokenizer.BosId, tokenizer.EosId, tokenizer.PadId)));
            using (var stream = File.Create(Path.Combine(folder, WeightsFile)))
            {
                SafeTensors.Write(stream, model.state_dict(), new Dictionary<string, string> { ["format"] = "pt" });
            }

            File.WriteAllText(Path.Combine(folder, TokenizerFile), tokenizer.ToJson());
            writeExtraFiles?.Invoke(folder);
        });
    }

    /// <summary>
    /// Loads a checkpoint folder into a float32 model on the CPU. Every problem — a missing file, a bad
    /// <c>config.json</c>, and each missing, unexpected, wrongly shaped or wrongly typed tensor — is reported in one
    /// <see cref="InputException"/>.
    /// </summary>
    public static LoadedCheckpoint Load(string directory)
    {
        AtomicDirectory.Recover(directory);
        if (!Directory.Exists(directory))
        {
            throw new InputException($"{directory}: no such checkpoint folder");
        }

        var missingFiles = new[] { ConfigFile, WeightsFile, TokenizerFile }.Where(f => !File.Exists(Path.Combine(directory, f))).ToList();
        if (missingFiles.Count > 0)
        {
            throw new InputException($"{directory}: not a checkpoint folder: missing {string.Join(", ", missingFiles)}");
        }

        var configPath = Path.Combine(directory, ConfigFile);
        var configJson = File.ReadAllText(configPath);
        if (ProcessRewardCheckpoint.IsProcessRewardModel(configJson))
        {
            throw new InputException($"{directory}: a process reward model, not a language model (use it as process_rewards.prm of a grpo stage)");
        }

        var (config, weightsDtype) = ModelConfigJson.Read(configJson, configPath);
        var tokenizer = TextTokenizer.Load(Path.Combine(directory, TokenizerFile));
        if (tokenizer.VocabSize > config.VocabSize)
        {
            throw new InputException($"{configPath}: vocab_size {config.VocabSize} is smaller than the tokenizer's {tokenizer.VocabSize} ids");
        }

        var weightsPath = Path.Combine(directory, WeightsFile);
        var model = TransformerModel.Create(config, seed: 0);
        try
        {
            LoadTensorsInto(model.state_dict(), weightsPath, weightsDtype, ConfigFile);

            return new LoadedCheckpoint(model, tokenizer);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Copies the tensors of a safetensors file into <paramref name="expected"/> (in place), after checking that the
    /// file holds exactly those names with their shapes and <paramref name="dtype"/>; every difference is reported in
    /// one <see cref="InputException"/> saying the file does not match <paramref name="expectedBy"/>.
    /// </summary>
    public static void LoadTensorsInto(IReadOnlyDictionary<string, Tensor> expected, string path, ScalarType dtype, string expectedBy)
    {
        var (entries, _) = SafeTensors.ReadHeader(path);
        var problems = Compare(expected, entries, dtype);
        if (problems.Count > 0)
        {
            throw new InputException($"{path} does not match {expectedBy}: {string.Join("; ", problems)}");
        }

        var loaded = SafeTensors.Load(path);
        using (no_grad())
        {
            foreach (var (name, target) in expected)
            {
                using var source = loaded[name];
                target.copy_(source);
            }
        }
    }

    /// <summary>Every difference between the tensors a model needs and those a file holds, in name order.</summary>
    public static List<string> Compare(IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, SafeTensorsEntry> found, ScalarType dtype)
    {
        var problems = new List<string>();
        var dtypeName = SafeTensorsDtype.NameOf(dtype);
        foreach (var name in expected.Keys.Union(found.Keys).Order(StringComparer.Ordinal))
        {
            var shape = expected.TryGetValue(name, out var tensor) ? $"[{string.Join(", ", tensor.shape)}]" : null;
            if (!found.TryGetValue(name, out var entry))
            {
                problems.Add($"missing tensor '{name}' ({dtypeName} {shape})");
            }
            else if (tensor is null)
            {
                problems.Add($"unexpected tensor '{name}' ({entry.DtypeName} {entry.ShapeText})");
            }
            else
            {
                if (!entry.Shape.SequenceEqual(tensor.shape))
                {
                    problems.Add($"tensor '{name}' has shape {entry.ShapeText}, expected {shape}");
                }

                if (entry.Dtype != dtype)
                {
                    problems.Add($"tensor '{name}' has dtype {entry.DtypeName}, expected {dtypeName}");
                }
            }
        }

        return problems;
    }
}
