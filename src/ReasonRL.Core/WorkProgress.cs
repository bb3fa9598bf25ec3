namespace ReasonRL.Core;

/// <summary>
/// How far a long piece of work has got: <see cref="Done"/> of <see cref="Total"/> units (problems, completions,
/// records, steps); a <see cref="Total"/> of 0 means not known. Library code reports it through
/// <see cref="IProgress{T}"/> and stays free of any console; the command line draws it, with rate and ETA, on standard
/// error (ReasonRL.Cli's <c>ProgressReporter</c>).
/// </summary>
public readonly record struct WorkProgress(long Done, long Total);
