namespace ReasonRL.Training.Recipes;

/// <summary>The key that introduces a stage of this type in a recipe's <c>stages:</c> list (e.g. <c>pretrain</c>).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StageKindAttribute(string kind) : Attribute
{
    public string Kind { get; } = kind;
}
