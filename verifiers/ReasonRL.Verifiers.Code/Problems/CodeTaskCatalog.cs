namespace ReasonRL.Verifiers.Code.Problems;

/// <summary>
/// Every task the family generates, by difficulty. Levels climb from one built-in call (level 1) through a filter
/// or a count (2), a loop with state (3), two indices or an encoding (4), to a small classic algorithm (5).
/// </summary>
internal static class CodeTaskCatalog
{
    public static IReadOnlyList<CodeTask> All { get; } =
        [.. Level1Tasks.All, .. Level2Tasks.All, .. Level3Tasks.All, .. Level4Tasks.All, .. Level5Tasks.All];

    public static IReadOnlyList<int> Difficulties { get; } = [.. All.Select(t => t.Difficulty).Distinct().Order()];

    public static IReadOnlyList<CodeTask> AtDifficulty(int difficulty) => [.. All.Where(t => t.Difficulty == difficulty)];

    public static CodeTask? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
