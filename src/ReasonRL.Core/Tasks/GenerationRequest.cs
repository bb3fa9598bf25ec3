using ReasonRL.Core.Records;

namespace ReasonRL.Core.Tasks;

/// <summary>What <see cref="ITaskFamily.Generate"/> is asked for.</summary>
/// <param name="Seed">Fixes the output: the same request gives the same problems, in the same order.</param>
/// <param name="Count">How many problems.</param>
/// <param name="Difficulty">One difficulty level, or null for a uniform mix over <see cref="ITaskFamily.Difficulties"/>.</param>
/// <param name="Split">Which side of the held-out boundary (<see cref="SplitAssignment"/>) every problem must lie on.</param>
public sealed record GenerationRequest(ulong Seed, int Count, int? Difficulty = null, Split Split = Split.Train);
