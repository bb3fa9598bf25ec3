namespace ReasonRL.Core.Tasks;

/// <summary>
/// A task family whose problems come from a file rather than a generator (the <c>dataset</c> family). Recipes name
/// the file wherever they name a family; <see cref="TaskFamilyRegistry.Get(string, DatasetSpec?)"/> opens it.
/// </summary>
public interface IDatasetFamily : ITaskFamily
{
    /// <summary>The family bound to one file: it generates that file's problems. Opening the same file twice reads it once.</summary>
    ITaskFamily Open(DatasetSpec dataset);
}
