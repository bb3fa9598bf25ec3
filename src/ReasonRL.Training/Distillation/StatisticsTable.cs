using System.Globalization;
using System.Text;

namespace ReasonRL.Training.Distillation;

/// <summary>The short human-readable summary of <see cref="DatasetStatistics"/> printed when a dataset is finished.</summary>
public static class StatisticsTable
{
    public static string Write(DatasetStatistics stats)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{stats.Problems} problems × samples: {stats.Samples} sampled, {stats.Correct} correct ({stats.AcceptanceRate:P1}), {stats.Kept} kept, {stats.DuplicatesRemoved} duplicates removed, {stats.SolvedRate:P1} of problems solved");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"family",-12} {"level",5} {"problems",8} {"accepted",9} {"solved",7} {"kept",6}");
        foreach (var group in stats.Groups)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{group.Family,-12} {group.Difficulty,5} {group.Problems,8} {group.AcceptanceRate,9:P1} {group.SolvedRate,7:P1} {group.Kept,6}");
        }

        var length = stats.Length;
        text.AppendLine(CultureInfo.InvariantCulture,
            $"length (characters): mean {length.Mean:F1}, p10 {length.P10}, median {length.P50}, p90 {length.P90}, p99 {length.P99}, max {length.Max}");
        var diversity = stats.Diversity;
        text.AppendLine(CultureInfo.InvariantCulture,
            $"per prompt: {diversity.DistinctAnswersSampled:F2} distinct answers sampled, {diversity.DistinctAnswersKept:F2} kept; distinct-1..4 of kept {diversity.Distinct1:F3} {diversity.Distinct2:F3} {diversity.Distinct3:F3} {diversity.Distinct4:F3}");
        return text.ToString();
    }
}
