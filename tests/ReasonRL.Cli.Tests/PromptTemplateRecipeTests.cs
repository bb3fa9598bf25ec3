using System.Text.Json;
using ReasonRL.Model.Prompts;

namespace ReasonRL.Cli.Tests;

/// <summary>
/// <c>prompt_template</c> in recipes: bad values and impossible choices fail at load naming the file, the key and the
/// checkpoint; a run with <c>chat</c> (SFT, then GRPO with held-out evaluation) shows its model chat-rendered prompts,
/// records the template in its checkpoints, and <c>sample</c> uses it from there.
/// </summary>
public sealed class PromptTemplateRecipeTests : IDisposable
{
    /// <summary>ChatML (as Qwen and SmolLM2 write it), in characters the shipped base model's tokenizer has.</summary>
    private const string ChatMl =
        "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-prompt-template-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The shipped small base model; with a chat template in its tokenizer_config.json when <paramref name="chat"/>.</summary>
    private string Base(bool chat)
    {
        var source = Path.Combine(RepositoryRoot(), "data", "checkpoints", "base-arith-small");
        var folder = Path.Combine(_folder, chat ? "chat-base" : "plain-base");
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
            foreach (var file in Directory.EnumerateFiles(source))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }

            if (chat)
            {
                File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), JsonSerializer.Serialize(new Dictionary<string, object> { ["chat_template"] = ChatMl }));
            }
        }

        return folder;
    }

    private string Recipe(string header, string stages)
    {
        var path = Path.Combine(_folder, "recipe.yaml");
        File.WriteAllText(path, $"name: demo\nruns_dir: {Path.Combine(_folder, "runs")}\n{header}stages:\n{stages}");
        return path;
    }

    private static string Grpo(string from) => $"""
          - grpo:
              from: {from}
              problems:
                families: [{"{"}family: digits, difficulties: [1]{"}"}]
              steps: 2
              prompts_per_step: 2
              group_size: 4
              minibatch_size: 8
              samples_per_log: 2
              sampling:
                max_new_tokens: 24
              eval:
                every: 2
                samples: 1
                max_new_tokens: 24
                problems:
                  families: [{"{"}family: digits, difficulties: [1]{"}"}]
                  count: 2

        """;

    private const string FreshPretrain = """
          - pretrain:
              name: base
              model:
                preset: tiny
              steps: 2

        """;

    [Fact]
    public async Task An_unknown_template_lists_the_allowed_values()
    {
        var path = Recipe("prompt_template: alpaca\n", FreshPretrain);

        var (exitCode, _, error) = await CliRunner.RunAsync("train", path, "--validate");

        Assert.Equal(2, exitCode);
        Assert.Contains($"{path}:3: 'recipe.prompt_template': 'alpaca' is not one of: r1, chat, raw", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_system_prompt_without_the_chat_template_is_refused()
    {
        var path = Recipe("prompt_template: raw\nsystem_prompt: Be brief.\n", FreshPretrain);

        var (exitCode, _, error) = await CliRunner.RunAsync("train", path, "--validate");

        Assert.Equal(2, exitCode);
        Assert.Contains($"{path}:4: 'recipe.system_prompt': only prompt_template: chat has a system message", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_on_a_fresh_model_names_the_file_the_key_and_the_stage()
    {
        var path = Recipe("prompt_template: chat\n", FreshPretrain + Grpo("base"));

        var (exitCode, _, error) = await CliRunner.RunAsync("train", path, "--validate");

        Assert.Equal(2, exitCode);
        Assert.Contains($"{path}:3: prompt_template: chat, but stage 'base' makes a fresh model with the project's character tokenizer, which has no chat template", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_from_a_checkpoint_without_a_chat_template_names_the_checkpoint_even_through_earlier_stages()
    {
        var plain = Base(chat: false);
        var path = Recipe("prompt_template: chat\n", Grpo(plain).Replace("- grpo:", "- grpo:\n      name: first", StringComparison.Ordinal) + Grpo("first"));

        var (exitCode, _, error) = await CliRunner.RunAsync("train", path, "--validate");

        Assert.Equal(2, exitCode);
        Assert.Contains($"{path}:3: prompt_template: chat, but stage 'first' (from: {plain}) uses checkpoint {plain}, whose tokenizer has no chat template: there is no {Path.Combine(plain, "tokenizer_config.json")}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_set_on_the_command_line_is_checked_as_the_override()
    {
        var path = Recipe("", Grpo(Base(chat: false)));

        var (exitCode, _, error) = await CliRunner.RunAsync("train", path, "--validate", "--set", "prompt_template=chat");

        Assert.Equal(2, exitCode);
        Assert.Contains("--set prompt_template=chat", error, StringComparison.Ordinal);
        Assert.Contains("whose tokenizer has no chat template", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chat_run_trains_and_evaluates_on_chat_rendered_prompts_and_its_checkpoints_record_the_template()
    {
        var system = "Answer in <answer></answer>.";
        var sft = $"""
              - sft:
                  from: {Base(chat: true)}
                  data:
                    families: [{"{"}family: digits, difficulties: [1]{"}"}]
                    count: 16
                  epochs: 1
                  batch_size: 8

            """;
        var path = Recipe($"prompt_template: chat\nsystem_prompt: \"{system}\"\n", sft + Grpo("sft"));

        var (exitCode, _, error) = await CliRunner.RunAsync("train", path);

        Assert.True(exitCode == 0, error);
        var run = Path.Combine(_folder, "runs", "demo");
        var samples = File.ReadAllLines(Path.Combine(run, "grpo", "samples.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.NotEmpty(samples);
        foreach (var sample in samples)
        {
            var prompt = sample.GetProperty("prompt").GetString()!;
            Assert.StartsWith($"<|im_start|>system\n{system}<|im_end|>\n<|im_start|>user\n", prompt, StringComparison.Ordinal);
            Assert.EndsWith("<|im_end|>\n<|im_start|>assistant\n", prompt, StringComparison.Ordinal);
        }

        var heldOut = Directory.EnumerateFiles(Path.Combine(run, "grpo", "eval"), "*.jsonl", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(heldOut);
        foreach (var stage in new[] { "sft", "grpo" })
        {
            Assert.Equal(new PromptFormat(PromptTemplate.Chat, system), PromptFormat.Read(Path.Combine(run, stage, "final")));
        }

        var (sampleExit, output, sampleError) = await CliRunner.RunAsync(
            "sample", "--checkpoint", Path.Combine(run, "grpo", "final"), "--prompt", "Compute 1+2", "--max-new-tokens", "4");
        Assert.True(sampleExit == 0, sampleError);
        Assert.StartsWith($"<|im_start|>system\n{system}<|im_end|>\n<|im_start|>user\nCompute 1+2<|im_end|>\n<|im_start|>assistant\n", output, StringComparison.Ordinal);

        var (rawExit, rawOutput, rawError) = await CliRunner.RunAsync(
            "sample", "--checkpoint", Path.Combine(run, "grpo", "final"), "--prompt", "Compute 1+2", "--max-new-tokens", "4", "--prompt-template", "r1");
        Assert.True(rawExit == 0, rawError);
        Assert.StartsWith("User: Compute 1+2\nAssistant:", rawOutput, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ReasonRL.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no ReasonRL.sln above {AppContext.BaseDirectory}");
    }
}
