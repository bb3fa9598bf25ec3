using ReasonRL.Core.Randomness;
using ReasonRL.Model.Tokenization;

namespace ReasonRL.Model.Sampling;

/// <summary>
/// The progress of one request while its batch runs: the tokens and log-probs so far, its generator, and the stop
/// checks (eos, stop strings, length) applied after every token.
/// </summary>
internal sealed class SampleRow(SampleRequest request, int maxNewTokens)
{
    private readonly List<int> _tokens = [];
    private readonly List<float> _logProbs = [];
    private readonly List<float> _untruncatedLogProbs = [];

    public SampleRequest Request { get; } = request;

    public int MaxNewTokens { get; } = maxNewTokens;

    /// <summary>Draws this row's uniforms: the same seed gives the same draws whatever else is in the batch.</summary>
    public DeterministicRandom Random { get; } = new(request.Seed);

    public StopReason? Stopped { get; private set; }

    public int PromptLength => Request.PromptIds.Count;

    /// <summary>
    /// Records a sampled token with its log-probs (under the distribution it was drawn from, and untruncated) and
    /// stops the row if a stop condition now holds.
    /// </summary>
    public void Append(int token, float logProb, float untruncatedLogProb, SamplingOptions options, TextTokenizer tokenizer, int stopWindow)
    {
        _tokens.Add(token);
        _logProbs.Add(logProb);
        _untruncatedLogProbs.Add(untruncatedLogProb);
        if (options.StopAtEos && token == tokenizer.EosId)
        {
            Stopped = StopReason.Eos;
        }
        else if (options.StopStrings.Count > 0 && TailHasStopString(options.StopStrings, tokenizer, stopWindow))
        {
            Stopped = StopReason.StopString;
        }
        else if (_tokens.Count >= MaxNewTokens)
        {
            Stopped = StopReason.Length;
        }
    }

    public SampledCompletion ToCompletion(SamplingOptions options, TextTokenizer tokenizer)
    {
        var text = tokenizer.Decode(_tokens);
        if (Stopped == StopReason.StopString)
        {
            var end = options.StopStrings
                .Select(s => (Index: text.IndexOf(s, StringComparison.Ordinal), s.Length))
                .Where(match => match.Index >= 0)
                .Min(match => match.Index + match.Length);
            text = text[..end];
        }

        float[] logProbs = [.. _logProbs];
        var untruncated = _logProbs.SequenceEqual(_untruncatedLogProbs) ? logProbs : [.. _untruncatedLogProbs];
        return new SampledCompletion([.. _tokens], text, logProbs, untruncated, Stopped ?? StopReason.Length, MaxNewTokens);
    }

    /// <summary>
    /// Whether the text of the last <paramref name="window"/> tokens contains a stop string. Checked after every
    /// token, so any match found is new; the window holds more bytes than the longest stop string plus a partly
    /// decoded first character.
    /// </summary>
    private bool TailHasStopString(IReadOnlyList<string> stopStrings, TextTokenizer tokenizer, int window)
    {
        var start = Math.Max(0, _tokens.Count - window);
        var tail = tokenizer.Decode(_tokens.Skip(start));
        foreach (var stop in stopStrings)
        {
            if (tail.Contains(stop, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
