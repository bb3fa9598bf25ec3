using System.Text;
using System.Text.Json;
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
/// the same report gives the same verdict (nothing time- or machine-dependent goes into the detail).
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
            RunEnd.SandboxDied => Zero(Outcome.Tampered, flags, VerdictFlags.SandboxCrash, "the sandbox died while the program ran, on every attempt"),
            RunEnd.TimedOut => Zero(Outcome.Timeout, flags, VerdictFlags.Timeout, $"no answer within {options.Sandbox.WallTimeout.TotalSeconds:0.###} s"),
            RunEnd.ProtocolViolation => Zero(Outcome.Tampered, flags, VerdictFlags.SchemaViolation, $"the result channel was tampered with: {report.Problem}"),
            RunEnd.EndedWithoutReport => Ended(report.ExitStatus, flags, options),
            _ => Reported(schedule, report, flags, options),
        };
    }

    private static Verdict Ended(int? status, List<string> flags, CodeVerifierOptions options) => status switch
    {
        -ChildExit.SignalKill => Zero(Outcome.Timeout, flags, VerdictFlags.Timeout, $"killed at the CPU limit of {options.Sandbox.CpuSeconds} s"),
        -ChildExit.SignalSys => Zero(Outcome.Tampered, flags, VerdictFlags.ForbiddenSyscall, "killed for a forbidden system call"),
        < 0 => Zero(Outcome.Incorrect, flags, VerdictFlags.Crashed, $"the program crashed (signal {-status})"),
        _ => Zero(Outcome.Tampered, flags, VerdictFlags.ExitAttempt, $"the process exited (status {status?.ToString() ?? "unknown"}) before its results were reported"),
    };

    private static Verdict Reported(IReadOnlyList<ScheduledTest> schedule, RunReport report, List<string> flags, CodeVerifierOptions options)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(report.Results!);
        }
        catch (JsonException)
        {
            return Zero(Outcome.Tampered, flags, VerdictFlags.SchemaViolation, "the results are not valid JSON");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("nonce", out var nonce) || nonce.ValueKind != JsonValueKind.String
                || !string.Equals(nonce.GetString(), report.Nonce, StringComparison.Ordinal))
            {
                return Zero(Outcome.Tampered, flags, VerdictFlags.SchemaViolation, "the results do not carry this run's nonce");
            }

            if (!root.TryGetProperty("load", out var load) || load.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("tests", out var tests) || tests.ValueKind != JsonValueKind.Array)
            {
                return Zero(Outcome.Tampered, flags, VerdictFlags.SchemaViolation, "the results lack 'load' or 'tests'");
            }

            if (Has(load, "exit"))
            {
                return Zero(Outcome.Tampered, flags, VerdictFlags.ExitAttempt, "the program tried to exit while loading");
            }

            if (load.TryGetProperty("raised", out var raised))
            {
                if (Has(load, "memory"))
                {
                    flags.Add(VerdictFlags.MemoryLimit);
                }

                return new Verdict(0.0, Outcome.Incorrect, flags, null, $"the program raised {Name(raised)} while loading");
            }

            if (Has(load, "no_entry"))
            {
                return new Verdict(0.0, Outcome.Incorrect, flags, null, "the program defines no function with the entry point's name");
            }

            if (!Has(load, "loaded") || tests.GetArrayLength() != schedule.Count)
            {
                return Zero(Outcome.Tampered, flags, VerdictFlags.SchemaViolation, $"expected {schedule.Count} test results, got {tests.GetArrayLength()}");
            }

            return Score(schedule, [.. tests.EnumerateArray()], flags, options);
        }
    }

    private static Verdict Score(IReadOnlyList<ScheduledTest> schedule, IReadOnlyList<JsonElement> records, List<string> flags, CodeVerifierOptions options)
    {
        var tampered = false;
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        int hiddenPassed = 0, hiddenCount = 0, visiblePassed = 0, visibleCount = 0;
        for (var i = 0; i < schedule.Count; i++)
        {
            var (passed, note, flag, tamper) = Check(schedule[i].Test, records[i], options.FloatTolerance);
            if (passed is null)
            {
                return Zero(Outcome.Tampered, flags, VerdictFlags.SchemaViolation, $"test {schedule[i].Label}: {note}");
            }

            tampered |= tamper;
            if (flag is not null && !flags.Contains(flag))
            {
                flags.Add(flag);
            }

            notes[schedule[i].Label] = note;
            if (schedule[i].Hidden)
            {
                hiddenCount++;
                hiddenPassed += passed.Value ? 1 : 0;
            }
            else
            {
                visibleCount++;
                visiblePassed += passed.Value ? 1 : 0;
            }
        }

        var detail = Detail(hiddenPassed, hiddenCount, visiblePassed, visibleCount, notes);
        if (tampered)
        {
            return new Verdict(0.0, Outcome.Tampered, flags, null, detail);
        }

        if (hiddenPassed == hiddenCount)
        {
            return new Verdict(1.0, Outcome.Correct, flags, null, detail);
        }

        if (visibleCount > 0 && visiblePassed == visibleCount)
        {
            flags.Add(VerdictFlags.PassesVisibleFailsHidden);
        }

        var reward = options.Reward == CodeReward.FractionPassed ? (double)hiddenPassed / hiddenCount : 0.0;
        return new Verdict(reward, Outcome.Incorrect, flags, null, detail);
    }

    /// <summary>One test's record: passed (null when the record breaks the schema), a note, a flag, and whether it shows tampering.</summary>
    private static (bool? Passed, string Note, string? Flag, bool Tampered) Check(TestCase test, JsonElement record, double tolerance)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return (null, "not an object", null, false);
        }

        if (record.TryGetProperty("ok", out var returned))
        {
            PlainValue actual;
            try
            {
                actual = PlainJson.Read(returned);
            }
            catch (FormatException e)
            {
                return (null, e.Message, null, false);
            }

            return TypedEquality.Equal(test.Expected, actual, tolerance)
                ? (true, "pass", null, false)
                : (false, $"got {PythonLiteral.Short(actual)}, want {PythonLiteral.Short(test.Expected)}", null, false);
        }

        if (Has(record, "exit"))
        {
            return (false, "tried to exit", VerdictFlags.ExitAttempt, true);
        }

        if (record.TryGetProperty("non_plain", out var type))
        {
            var user = Has(record, "user_type");
            return (false, $"returned a {(user ? "custom " : "")}{Name(type)}", VerdictFlags.NonPlainReturnValue, user);
        }

        if (Has(record, "too_large"))
        {
            return (false, "returned a value over the size or depth limit", VerdictFlags.OutputLimit, false);
        }

        if (record.TryGetProperty("raised", out var raised))
        {
            return (false, $"raised {Name(raised)}", Has(record, "memory") ? VerdictFlags.MemoryLimit : null, false);
        }

        return (null, "unknown record", null, false);
    }

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

    private static bool Has(JsonElement record, string field) =>
        record.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.True;

    private static string Name(JsonElement name)
    {
        var text = name.ValueKind == JsonValueKind.String ? name.GetString()! : "?";
        return text.Length <= 40 ? text : text[..37] + "...";
    }
}
