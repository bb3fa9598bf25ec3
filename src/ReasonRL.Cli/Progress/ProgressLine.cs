using System.Globalization;
using ReasonRL.Training.Supervised;

namespace ReasonRL.Cli.Progress;

/// <summary>
/// The text of a progress line: <c>Verifying  45% [#########...........] 4,608/10,240 records, 512/s, ETA 9s</c>, or,
/// when the total is not known, <c>Verifying  4,608 records, 512/s, 9s elapsed</c>. Pure, so its arithmetic is tested
/// on tables.
/// </summary>
internal static class ProgressLine
{
    /// <summary>Narrowest bar worth drawing; a narrower terminal gets the numbers alone.</summary>
    private const int MinimumBar = 10;

    private const int MaximumBar = 30;

    /// <summary>
    /// Time left at the average rate so far: elapsed × (total − done) / done. Null until something is done, and when the
    /// total is not known.
    /// </summary>
    public static TimeSpan? TimeLeft(long done, long total, TimeSpan elapsed) =>
        done <= 0 || total <= 0
            ? null
            : TimeSpan.FromSeconds(elapsed.TotalSeconds * Math.Max(0, total - done) / done);

    /// <param name="width">Columns of the terminal line; null for a log line (no bar, never cut).</param>
    public static string Format(string activity, WorkProgressSnapshot progress, int? width)
    {
        var (done, total, unit, elapsed) = progress;
        var counts = total > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{done:N0}/{total:N0} {unit}")
            : string.Create(CultureInfo.InvariantCulture, $"{done:N0} {unit}");
        var time = TimeLeft(done, total, elapsed) is { } eta ? $"ETA {Eta.Format(eta)}" : $"{Eta.Format(elapsed)} elapsed";
        var numbers = $"{counts}, {Rate(done, elapsed)}, {time}";
        if (total <= 0)
        {
            return Fit($"{activity}  {numbers}", width);
        }

        var fraction = Math.Clamp((double)done / total, 0, 1);
        var percent = string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(100 * fraction),3:F0}%");
        var barWidth = width is { } columns ? Math.Min(MaximumBar, columns - activity.Length - percent.Length - numbers.Length - 5) : 0;
        if (barWidth < MinimumBar)
        {
            return Fit($"{activity} {percent} {numbers}", width);
        }

        var filled = (int)Math.Floor(fraction * barWidth);
        return $"{activity} {percent} [{new string('#', filled)}{new string('.', barWidth - filled)}] {numbers}";
    }

    private static string Rate(long done, TimeSpan elapsed)
    {
        var perSecond = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
        return perSecond >= 10
            ? string.Create(CultureInfo.InvariantCulture, $"{perSecond:N0}/s")
            : string.Create(CultureInfo.InvariantCulture, $"{perSecond:F1}/s");
    }

    private static string Fit(string text, int? width) => width is { } columns && text.Length > columns ? text[..Math.Max(0, columns)] : text;
}

/// <summary>Where a piece of work stands: <paramref name="Total"/> 0 means not known.</summary>
internal readonly record struct WorkProgressSnapshot(long Done, long Total, string Unit, TimeSpan Elapsed);
