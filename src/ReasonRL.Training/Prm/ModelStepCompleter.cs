using ReasonRL.Core.Prm;
using ReasonRL.Model.Sampling;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Evaluation;

namespace ReasonRL.Training.Prm;

/// <summary>
/// Math-Shepherd's completer as a language model: each step prefix is appended to the templated prompt and the model
/// samples the rest of the solution, in batches of <see cref="OnlineEvaluator.BatchRows"/>. A prefix that leaves no room
/// in the context gets an empty continuation (it is judged as it stands).
/// </summary>
public sealed class ModelStepCompleter(TransformerModel model, PromptBuilder prompts, SamplingOptions options) : IStepCompleter
{
    public Task<IReadOnlyList<string>> CompleteAsync(IReadOnlyList<ContinuationRequest> requests, CancellationToken cancellationToken)
    {
        var texts = new string[requests.Count];
        var sampler = new Sampler(model, prompts.Tokenizer);
        var room = new List<(int Index, int[] Prompt)>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            int[] prompt = [.. prompts.Ids(requests[i].Problem.Prompt), .. prompts.Tokenizer.Encode(requests[i].Prefix)];
            if (prompt.Length < model.Config.ContextLength)
            {
                room.Add((i, prompt));
            }
            else
            {
                texts[i] = "";
            }
        }

        foreach (var chunk in room.Chunk(OnlineEvaluator.BatchRows))
        {
            var completions = sampler.Generate([.. chunk.Select(r => new SampleRequest(r.Prompt, requests[r.Index].Seed))], options, cancellationToken);
            for (var k = 0; k < chunk.Length; k++)
            {
                texts[chunk[k].Index] = completions[k].Text;
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(texts);
    }
}
