using ReasonRL.Core.Tasks;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Tokenization;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Stages;
using ReasonRL.Training.Supervised;
using ReasonRL.Training.Tests.Corpus;

namespace ReasonRL.Training.Tests.Supervised;

/// <summary>
/// SFT under the <c>chat</c> template: examples rendered from families carry the question in the chat template, and a
/// row is the rendered prompt's ids as they are (no bos added: the template writes what it wants), then completion and
/// eos, with only completion and eos trained on.
/// </summary>
public class SftChatTemplateTests
{
    private const string Template = "{% for message in messages %}[{{ message['content'] }}]{% endfor %}{% if add_generation_prompt %}={% endif %}";

    private static readonly TaskFamilyRegistry Families = new([new AdditionFamily()]);

    private static PromptBuilder Chat()
    {
        var tokenizer = TextTokenizer.FromJson(
            TextTokenizer.CharacterLevel([new AdditionFamily().Alphabet, "[]"]).ToJson(), "tokenizer.json",
            $"{{\"chat_template\": {System.Text.Json.JsonSerializer.Serialize(Template)}}}");
        return PromptBuilder.For(tokenizer, new PromptFormat(PromptTemplate.Chat), "a test folder");
    }

    [Fact]
    public void Examples_rendered_from_families_put_the_question_in_the_template()
    {
        var data = new SftDataSection { Families = [new FamilyMix { Family = "addition" }], Count = 4 };

        var (chat, _) = SftExample.Load(data, Families, Chat(), seed: 7);
        var (r1, _) = SftExample.Load(data, Families, PromptBuilder.R1(ModelVocabulary.For(Families)), seed: 7);

        Assert.Equal(4, chat.Count);
        for (var i = 0; i < chat.Count; i++)
        {
            var question = r1[i].Prompt["User: ".Length..^"\nAssistant:".Length];
            Assert.Equal($"[{question}]=", chat[i].Prompt);
            Assert.Equal(r1[i].Completion, chat[i].Completion);
        }
    }

    [Fact]
    public void A_chat_row_is_the_rendered_prompt_without_bos_then_the_trained_completion_and_eos()
    {
        var prompts = Chat();
        var tokenizer = prompts.Tokenizer;

        var batch = new SftBatches([new SftExample(prompts.Text("1+1"), "2")], prompts, contextLength: 16, batchSize: 1, epochs: 1, packing: false, seed: 1).Batch(0);

        // Row: [ 1 + 1 ] = 2 eos → inputs ([ 1 + 1 ] = 2), targets (1 + 1 ] = 2 eos); "2" and eos are trained.
        Assert.Equal(tokenizer.Encode("[1+1]=2"), batch.Inputs[0].data<long>().Select(t => (int)t).ToArray());
        Assert.Equal([0f, 0f, 0f, 0f, 0f, 1f, 1f], batch.LossMask.data<float>().ToArray());
        Assert.Equal(tokenizer.EosId, batch.Targets[0, 6].item<long>());
    }
}
