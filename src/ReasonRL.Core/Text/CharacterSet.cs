namespace ReasonRL.Core.Text;

/// <summary>Builds a task family's <see cref="Tasks.ITaskFamily.Alphabet"/>: the distinct characters of some texts, sorted.</summary>
public static class CharacterSet
{
    public static string Of(params string[] texts) =>
        new([.. texts.SelectMany(t => t).Distinct().Order()]);
}
