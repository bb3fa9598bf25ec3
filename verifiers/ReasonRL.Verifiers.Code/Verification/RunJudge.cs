using System.Globalization;
using System.Text;
using ReasonRL.Core.Records;
using ReasonRL.Verifiers.Code.Problems;
using ReasonRL.Verifiers.Code.Sandbox;
using ReasonRL.Verifiers.Code.Values;

namespace ReasonRL.Verifiers.Code.Verification;

/// <summary>One test as it was sent to the sandbox: whether it is hidden, its number within its kind, the test.</summary>
public sealed record ScheduledTest(bool Hidden, int Number, TestCase Test)
{
    /// <summary>"v1" for the first visible test, "h3" for the third hidden one.</summary>
    public string Label => $"{(Hidden ? 'h' : 'v')}{Number}";
}

/// <summary>
/// Turns what a run produced into a verdict, on the host, from the expected values only the host holds. Pure:
/// the same report gives the same verdict (nothing time- or machine-dependent goes into the detail). The reward and
/// outcome come from the tests <see cref="CodeVerifierOptions.Kind"/> names; the flags and the detail do not depend on it.
/// </summary>
public static class RunJudge
{
    private const int MaxDetailChars = 1200;

    public static Verdict Judge(IReadOnlyList<ScheduledTest> schedule, RunReport report, CodeVerifierOptions options)
    {
        var flags = new List<string>();
        if (report.Isolation.IsWeak)
        {
            flags.Add(VerdictFlags.WeakIsolation);
        }

        return report.End switch
        {
            RunEnd.SandboxDied => Zero(Outcome.Tampered, flags, VerdictFlags.SandboxCrash, "the sandbox died while the program ran, on every attempt, the last one alone"),
            RunEnd.TimedOut => Zero(Outcome.Timeout, flags, VerdictFlags.Timeout, $"no answer within {options.Sandbox.WallTimeout.TotalSeconds:0.###} s"),
            RunEnd.ProtocolViolation => Zero(Outcome.Tampered, flags, VerdictFlags.SchemaViolation, $"the result channel was tampered with: {report.Problem}"),
            RunEnd.OversizedFrame => Zero(Outcome.Tampered, flags, VerdictFlags.FrameLimit, $"the result channel was tampered with: {report.Problem}"),
            RunEnd.EndedWithoutReport => Ended(report.ExitStatus, flags, options),
            _ => Reported(schedule, report, flags, options),
        };
    }

    private static Verdict Ended(int? status, List<string> flags, CodeVerifierOptions options) => status switch
    {
        -ChildExit.SignalKill => Zero(Outcome.Timeout, flags, VerdictFlags.Timeout, $"killed at the CPU limit of {options.Sandbox.CpuSeconds} s"),
        -ChildExit.SignalSys => Zero(Outcome.Tampered, flags, VerdictFlags.ForbiddenSyscall, "killed for a forbidden system call"),
        < 0 => Zero(Outcome.Incorrect, flags, VerdictFlags.Crashed, $"the program crashed (signal {-status})"),
        _ => Zero(Outcome.Tampered, flags, VerdictFlags.ExitAttempt, $"the process exited (status {status?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}) before its results were reported"),
    };

    private static Verdict Reported(IReadOnlyList<ScheduledTest> schedule, RunReport report, List<string> flags, CodeVerifierOptions options)
    {
        ResultsFrame frame;
        try
        {
            frame = ResultsFrameReader.Read(report.Results ?? [], report.Nonce, schedule.Count, options.Sandbox.MaxValueDepth);
        }
        catch (FrameRejectedException e)
        {
            return Zero(Outcome.Tampered, flags, e.Flag, $"the results were refused: {e.Message}");
        }

        var load = frame.Load;
        switch (load.Outcome)
        {
            case LoadOutcome.ExitAttempt:
                return Zero(Outcome.Tampered, flags, VerdictFlags.ExitAttempt, "the program tried to exit while loading");
            case LoadOutcome.Raised:
                if (load.MemoryError)
                {
                    flags.Add(VerdictFlags.MemoryLimit);
                }

                return new Verdict(0.0, Outcome.Incorrect, flags, null, $"the program raised {Name(load.TypeName)} while loading");
            case LoadOutcome.NoEntryPoint:
                return new Verdict(0.0, Outcome.Incorrect, flags, null, "the program defines no function with the entry point's name");
            default:
                return Score(schedule, frame.Tests, flags, options);
        }
    }

    private static Verdict Score(IReadOnlyList<ScheduledTest> schedule, IReadOnlyList<TestRecord> records, List<string> flags, CodeVerifierOptions options)
    {
        var tampered = false;
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        int hiddenPassed = 0, hiddenCount = 0, visiblePassed = 0, visibleCount = 0;
        for (var i = 0; i < schedule.Count; i++)
        {
            var (passed, note, flag, tamper) = Check(schedule[i].Test, records[i], options.FloatTolerance);
            tampered |= tamper;
            if (flag is not null && !flags.Contains(flag))
            {
                flags.Add(flag);
            }

            notes[schedule[i].Label] = note;
            if (schedule[i].Hidden)
            {
                hiddenCount++;
                hiddenPassed += passed ? 1 : 0;
            }
            else
            {
                visibleCount++;
                visiblePassed += passed ? 1 : 0;
            }
        }

        var detail = Detail(hiddenPassed, hiddenCount, visiblePassed, visibleCount, notes);
        if (tampered)
        {
            return new Verdict(0.0, Outcome.Tampered, flags, null, detail);
        }

        var allVisible = visiblePassed == visibleCount;
        var allHidden = hiddenPassed == hiddenCount;
        if (visibleCount > 0 && allVisible && !allHidden)
        {
            flags.Add(VerdictFlags.PassesVisibleFailsHidden);
        }

        return options.Kind switch
        {
            CodeVerifierKind.Visible => new Verdict(
                options.Reward == CodeReward.FractionPassed ? Fraction(visiblePassed, visibleCount) : allVisible ? 1.0 : 0.0,
                allVisible ? Outcome.Correct : Outcome.Incorrect, flags, null, detail),
            CodeVerifierKind.Gap => new Verdict(
                visibleCount > 0 && allVisible && !allHidden ? 1.0 : 0.0, allHidden ? Outcome.Correct : Outcome.Incorrect, flags, null, detail),
            _ => new Verdict(
                allHidden ? 1.0 : options.Reward == CodeReward.FractionPassed ? Fraction(hiddenPassed, hiddenCount) : 0.0,
                allHidden ? Outcome.Correct : Outcome.Incorrect, flags, null, detail),
        };
    }

    /// <summary>The share passed; no tests (a problem with no visible examples) counts as all passed.</summary>
    private static double Fraction(int passed, int count) => count == 0 ? 1.0 : (double)passed / count;

    /// <summary>One test's record: passed, a note, a flag, and whether it shows tampering.</summary>
    private static (bool Passed, string Note, string? Flag, bool Tampered) Check(TestCase test, TestRecord record, double tolerance) => record.Outcome switch
    {
        TestOutcome.Returned => TypedEquality.Equal(test.Expected, record.Value!, tolerance)
            ? (true, "pass", null, false)
            : (false, $"got {PythonLiteral.Short(record.Value!)}, want {PythonLiteral.Short(test.Expected)}", null, false),
        TestOutcome.ExitAttempt => (false, "tried to exit", VerdictFlags.ExitAttempt, true),
        TestOutcome.NonPlain => (false, $"returned a {(record.UserType ? "custom " : "")}{Name(record.TypeName)}", VerdictFlags.NonPlainReturnValue, record.UserType),
        TestOutcome.TooLarge => (false, "returned a value over the size or depth limit", VerdictFlags.OutputLimit, false),
        _ => (false, $"raised {Name(record.TypeName)}", record.MemoryError ? VerdictFlags.MemoryLimit : null, false),
    };

    private static string Detail(int hiddenPassed, int hiddenCount, int visiblePassed, int visibleCount, Dictionary<string, string> notes)
    {
        var detail = new StringBuilder($"hidden {hiddenPassed}/{hiddenCount} passed, visible {visiblePassed}/{visibleCount}:");
        foreach (var (label, note) in notes.OrderByDescending(n => n.Key[0]).ThenBy(n => int.Parse(n.Key[1..])))
        {
            var entry = $" {label} {note};";
            if (detail.Length + entry.Length > MaxDetailChars)
            {
                detail.Append(" ...");
                break;
            }

            detail.Append(entry);
        }

        return detail.ToString().TrimEnd(';');
    }

    private static Verdict Zero(Outcome outcome, List<string> flags, string flag, string detail)
    {
        flags.Add(flag);
        return new Verdict(0.0, outcome, flags, null, detail);
    }

    private static string Name(string? name) => TextCut.Shorten(name ?? "?", 40);
}
