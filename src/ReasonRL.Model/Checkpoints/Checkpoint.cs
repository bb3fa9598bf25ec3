using ReasonRL.Core;
using ReasonRL.Core.Io;
using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;
using static TorchSharp.torch;

namespace ReasonRL.Model.Checkpoints;

/// <summary>
/// A checkpoint folder is a Hugging Face model folder: <c>config.json</c> (<see cref="ModelConfigJson"/>, in the
/// layout of the model's family), the weights (<c>model.safetensors</c>, or shards and
/// <c>model.safetensors.index.json</c>; see <see cref="WeightFiles"/>), <c>tokenizer.json</c>, and when written here
/// also <c>tokenizer_config.json</c>, <c>special_tokens_map.json</c> and <c>generation_config.json</c>
/// (<see cref="HuggingFaceSidecars"/>), so transformers and TRL read it back. Writes are atomic
/// (<see cref="AtomicDirectory"/>): a killed process leaves the old folder or the new one, never a mix. Loading checks
/// every tensor's name and shape against the configuration and reports all mismatches at once.
/// </summary>
public static class Checkpoint
{
    public const string ConfigFile = "config.json";
    public const string WeightsFile = WeightFiles.SingleFile;
    public const string TokenizerFile = "tokenizer.json";

    /// <summary>
    /// Writes the model (in its own dtype) and its tokenizer to <paramref name="directory"/>, replacing it atomically.
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
            var roles = new TokenizerRoles(tokenizer.BosId, tokenizer.EosId, tokenizer.PadId);
            File.WriteAllText(Path.Combine(folder, ConfigFile), ModelConfigJson.Write(model.Config, model.Dtype, roles));
            using (var stream = File.Create(Path.Combine(folder, WeightsFile)))
            {
                SafeTensors.Write(stream, model.state_dict(), new Dictionary<string, string> { ["format"] = "pt" });
            }

            File.WriteAllText(Path.Combine(folder, TokenizerFile), tokenizer.ToJson());
            HuggingFaceSidecars.Write(folder, tokenizer, model.Config.ContextLength);
            writeExtraFiles?.Invoke(folder);
        });
    }

    /// <summary>
    /// Loads a checkpoint folder (the project's own or a Hugging Face one of a supported family) into a model placed
    /// and typed as <paramref name="compute"/> says (CPU float32 by default). Every problem — a missing file, a bad or
    /// unsupported <c>config.json</c>, and each missing, unexpected or wrongly shaped tensor — is reported in one
    /// <see cref="InputException"/>.
    /// </summary>
    public static LoadedCheckpoint Load(string directory, ModelCompute? compute = null)
    {
        AtomicDirectory.Recover(directory);
        if (!Directory.Exists(directory))
        {
            throw new InputException($"{directory}: no such checkpoint folder");
        }

        var missingFiles = new[] { ConfigFile, WeightsFile, TokenizerFile }
            .Where(f => f == WeightsFile ? !WeightFiles.Exist(directory) : !File.Exists(Path.Combine(directory, f)))
            .ToList();

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

        var config = ModelConfigJson.Read(configJson, configPath);
        var tokenizer = TextTokenizer.Load(Path.Combine(directory, TokenizerFile));
        if (tokenizer.VocabSize > config.VocabSize)
        {
            throw new InputException($"{configPath}: vocab_size {config.VocabSize} is smaller than the tokenizer's {tokenizer.VocabSize} ids");
        }

        var weights = WeightFiles.Find(directory);
        var model = TransformerModel.Uninitialised(config, compute);
        try
        {
            weights.LoadInto(model.state_dict(), ConfigFile, name => IgnoredOnLoad(name, config));
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
        var files = WeightFiles.Single(path);
        var problems = WeightFiles.Compare(expected, files.Entries, dtype);
        if (problems.Count > 0)
        {
            throw new InputException($"{path} does not match {expectedBy}: {string.Join("; ", problems)}");
        }

        files.LoadInto(expected, expectedBy);
    }

    /// <summary>
    /// Tensors transformers leaves aside when loading, and so does this loader: <c>lm_head.weight</c> of a model with
    /// tied embeddings (some exports save it), and the rotary <c>inv_freq</c> buffers older Llama exports saved.
    /// </summary>
    private static bool IgnoredOnLoad(string name, TransformerConfig config) =>
        (config.TiedEmbeddings && name == "lm_head.weight") || name.EndsWith(".rotary_emb.inv_freq", StringComparison.Ordinal);
}
