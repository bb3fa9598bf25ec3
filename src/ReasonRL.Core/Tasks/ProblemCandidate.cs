namespace ReasonRL.Core.Tasks;

/// <summary>
/// A problem a generator has drawn, before it is accepted: <see cref="CanonicalKey"/> decides its split
/// (<see cref="SplitAssignment"/>) and detects repeats; <see cref="Reference"/> is serialized with the project's
/// snake_case settings.
/// </summary>
public sealed record ProblemCandidate(string CanonicalKey, string Prompt, object Reference, int Difficulty);
