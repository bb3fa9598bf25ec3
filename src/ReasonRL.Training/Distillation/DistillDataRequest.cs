using ReasonRL.Core.Distillation;
using ReasonRL.Core.Records;
using ReasonRL.Model.Prompts;

namespace ReasonRL.Training.Distillation;

/// <summary>What <see cref="DistillDataGenerator"/> builds: a teacher, problems, N samples each, a keep rule, sampling settings and an output file.</summary>
public sealed record DistillDataRequest
{
    /// <summary>The teacher checkpoint folder.</summary>
    public required string Teacher { get; init; }

    /// <summary>How problems are shown to the teacher; null: the format the teacher checkpoint records (<see cref="PromptFormat.Read"/>).</summary>
    public PromptFormat? Prompts { get; init; }

    /// <summary>The problems, in the order they are processed (ids must be unique).</summary>
    public required IReadOnlyList<Problem> Problems { get; init; }

    /// <summary>N: completions sampled per problem.</summary>
    public required int Samples { get; init; }

    public KeepRule Keep { get; init; } = KeepRule.AllCorrect;

    public double Temperature { get; init; } = 1.0;

    public double TopP { get; init; } = 1.0;

    public int TopK { get; init; }

    public int MaxNewTokens { get; init; } = 128;

    public ulong Seed { get; init; } = 1;

    /// <summary>The dataset file; <c>.problems.jsonl</c> and <c>.stats.json</c> go beside it.</summary>
    public required string Out { get; init; }

    /// <summary>Where the teacher computes and in which dtype.</summary>
    public Model.ModelCompute Compute { get; init; } = Model.ModelCompute.Default;

    /// <summary>Continue an interrupted run from the chunks it finished.</summary>
    public bool Resume { get; init; }

    public SamplingProvenance Provenance => new(Temperature, TopP, TopK, MaxNewTokens, Seed);

    /// <summary>Everything wrong with these settings (empty when valid).</summary>
    public IEnumerable<string> SettingErrors()
    {
        if (Samples < 1) yield return $"samples must be at least 1, got {Samples}";
        if (!(Temperature >= 0)) yield return $"temperature must not be negative, got {Temperature}";
        if (!(TopP > 0 && TopP <= 1)) yield return $"top_p must be in (0, 1], got {TopP}";
        if (TopK < 0) yield return $"top_k must not be negative, got {TopK}";
        if (MaxNewTokens < 1) yield return $"max_new_tokens must be at least 1, got {MaxNewTokens}";
    }
}

/// <summary>The files a generation wrote, and their statistics.</summary>
public sealed record DistillDataResult(string Dataset, string ProblemsFile, string StatsFile, DatasetStatistics Statistics);
