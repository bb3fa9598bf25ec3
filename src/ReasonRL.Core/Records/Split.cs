namespace ReasonRL.Core.Records;

/// <summary>Which side of the train/held-out boundary a problem lies on (see <see cref="Tasks.SplitAssignment"/>).</summary>
public enum Split
{
    Train,
    Test,
}
