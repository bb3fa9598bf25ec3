using System.Reflection;

namespace ReasonRL.Training.Recipes;

/// <summary>
/// One stage of a recipe. Each concrete stage type carries a <see cref="StageKindAttribute"/> naming the key that
/// introduces it; stages run in the order listed.
/// </summary>
public abstract record StageSection
{
    /// <summary>The name later stages use in <c>from:</c>, and the name of the stage's sub-folder; defaults to the stage kind.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// This stage's own seed instead of the run seed: several seeds of one stage (e.g. an RL stage) then share the
    /// earlier stages (e.g. one base model) in a sweep. Held-out evaluation problems always follow the run seed.
    /// </summary>
    public ulong? Seed { get; init; }

    /// <summary>The stage kind (<c>pretrain</c>, <c>grpo</c>, ...), from the type's <see cref="StageKindAttribute"/>.</summary>
    public string Kind => KindOf(GetType());

    public string EffectiveName => Name ?? Kind;

    public static string KindOf(Type stageType) =>
        stageType.GetCustomAttribute<StageKindAttribute>()?.Kind
        ?? throw new InvalidOperationException($"{stageType.Name} has no [StageKind]");

    /// <summary>Every concrete stage type, by kind.</summary>
    public static IReadOnlyDictionary<string, Type> Kinds { get; } =
        typeof(StageSection).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(StageSection)) && !t.IsAbstract)
            .ToDictionary(KindOf, t => t, StringComparer.Ordinal);
}
