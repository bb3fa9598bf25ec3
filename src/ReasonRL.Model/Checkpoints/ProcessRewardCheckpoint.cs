using System.Text.Json;
using System.Text.Json.Nodes;
using ReasonRL.Core;
using ReasonRL.Core.Io;
using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;

namespace ReasonRL.Model.Checkpoints;

/// <summary>A process reward model and its tokenizer as read from a checkpoint folder, with the settings it was trained with.</summary>
/// <param name="Settings">The strings its trainer recorded (e.g. how steps are segmented), from <c>config.json</c>.</param>
public sealed record LoadedProcessRewardModel(ProcessRewardModel Model, TextTokenizer Tokenizer, IReadOnlyDictionary<string, string> Settings) : IDisposable
{
    public void Dispose() => Model.Dispose();
}

/// <summary>
/// A process reward model's checkpoint folder, laid out like a language model's (<see cref="Checkpoint"/>):
/// <c>config.json</c>, <c>model.safetensors</c>, <c>tokenizer.json</c>, written atomically. <c>config.json</c> is the
/// backbone's configuration marked as a one-label token classifier (<c>LlamaForTokenClassification</c> for a
/// llama-style backbone, <c>num_labels</c> 1, <c>id2label</c> <c>{"0": "on_track"}</c>) and carries
/// <c>reasonrl.head: process_reward</c> plus the trainer's settings under <c>reasonrl.process_reward</c>; the weights
/// are those of <see cref="ProcessRewardModel.NamedWeights"/>.
/// </summary>
public static class ProcessRewardCheckpoint
{
    public const string HeadKind = "process_reward";

    public static void Save(string directory, ProcessRewardModel model, TextTokenizer tokenizer, IReadOnlyDictionary<string, string> settings)
    {
        AtomicDirectory.Write(directory, folder =>
        {
            var config = JsonNode.Parse(ModelConfigJson.Write(model.Config, model.Dtype, new TokenizerRoles(tokenizer.BosId, tokenizer.EosId, tokenizer.PadId)))!.AsObject();
            var llama = ModelConfigJson.IsLlamaStyle(model.Config);
            config["architectures"] = new JsonArray(llama ? ModelConfigJson.ArchitectureName(model.Config.Family, "ForTokenClassification") : "ReasonRLForTokenClassification");
            config["num_labels"] = 1;
            config["id2label"] = new JsonObject { ["0"] = "on_track" };
            config["label2id"] = new JsonObject { ["on_track"] = 0 };
            var ours = config["reasonrl"]!.AsObject();
            ours["head"] = HeadKind;
            var recorded = new JsonObject();
            foreach (var (key, value) in settings.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                recorded[key] = value;
            }

            ours[HeadKind] = recorded;
            File.WriteAllText(Path.Combine(folder, Checkpoint.ConfigFile), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            using (var stream = File.Create(Path.Combine(folder, Checkpoint.WeightsFile)))
            {
                SafeTensors.Write(stream, model.NamedWeights(), new Dictionary<string, string> { ["format"] = "pt" });
            }

            File.WriteAllText(Path.Combine(folder, Checkpoint.TokenizerFile), tokenizer.ToJson());
        });
    }

    /// <summary>Whether a <c>config.json</c> text describes a process reward model.</summary>
    public static bool IsProcessRewardModel(string configJson)
    {
        try
        {
            return JsonNode.Parse(configJson) is JsonObject o
                && o["reasonrl"] is JsonObject ours
                && ours["head"] is JsonValue head && head.GetValueKind() == JsonValueKind.String && head.GetValue<string>() == HeadKind;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Loads a PRM folder; every problem (missing files, not a PRM, mismatched tensors) is one <see cref="InputException"/>.</summary>
    public static LoadedProcessRewardModel Load(string directory, ModelCompute? compute = null)
    {
        AtomicDirectory.Recover(directory);
        var missing = new[] { Checkpoint.ConfigFile, Checkpoint.WeightsFile, Checkpoint.TokenizerFile }.Where(f => !File.Exists(Path.Combine(directory, f))).ToList();
        if (!Directory.Exists(directory) || missing.Count > 0)
        {
            throw new InputException($"{directory}: not a checkpoint folder{(missing.Count > 0 && Directory.Exists(directory) ? $": missing {string.Join(", ", missing)}" : "")}");
        }

        var configPath = Path.Combine(directory, Checkpoint.ConfigFile);
        var json = File.ReadAllText(configPath);
        if (!IsProcessRewardModel(json))
        {
            throw new InputException($"{configPath}: not a process reward model (no reasonrl.head: {HeadKind}); train one with a 'prm' stage");
        }

        var config = ModelConfigJson.Read(json, configPath);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (JsonNode.Parse(json)!["reasonrl"]![HeadKind] is JsonObject recorded)
        {
            foreach (var (key, value) in recorded)
            {
                settings[key] = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString() ?? "";
            }
        }

        var tokenizer = TextTokenizer.Load(Path.Combine(directory, Checkpoint.TokenizerFile));
        var model = new ProcessRewardModel(TransformerModel.Uninitialised(config, compute), seed: 0);
        try
        {
            WeightFiles.Find(directory).LoadInto(model.NamedWeights(), Checkpoint.ConfigFile);

            return new LoadedProcessRewardModel(model, tokenizer, settings);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A new PRM whose backbone is the language model of <paramref name="languageModelDirectory"/> (so it starts with
    /// what the base model knows) and whose head is fresh.
    /// </summary>
    public static (ProcessRewardModel Model, TextTokenizer Tokenizer) FromLanguageModel(string languageModelDirectory, ulong seed, ModelCompute? compute = null)
    {
        var loaded = Checkpoint.Load(languageModelDirectory, compute);
        return (new ProcessRewardModel(loaded.Model, seed), loaded.Tokenizer);
    }
}
