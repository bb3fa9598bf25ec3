namespace ReasonRL.Training.Recipes;

/// <summary>A stage that reads a teacher model: <see cref="Teacher"/> names an earlier stage (its final checkpoint) or a checkpoint folder.</summary>
public interface ITeacherInput
{
    string? Teacher { get; }
}

/// <summary>A stage that can read the dataset an earlier stage wrote (a <see cref="IDatasetOutput"/> stage, named by <see cref="DatasetFrom"/>).</summary>
public interface IDatasetInput
{
    string? DatasetFrom { get; }
}

/// <summary>A stage whose result is a dataset file (<c>StageResult.Dataset</c>) rather than, or besides, a model.</summary>
public interface IDatasetOutput;

/// <summary>The earlier stages or folders a stage reads: its model, its teacher, its dataset.</summary>
public static class StageInputs
{
    public static IEnumerable<string> Of(StageSection stage)
    {
        if (stage is IModelInput { From: { } from })
        {
            yield return from;
        }

        if (stage is ITeacherInput { Teacher: { } teacher })
        {
            yield return teacher;
        }

        if (stage is IDatasetInput { DatasetFrom: { } dataset })
        {
            yield return dataset;
        }
    }
}
