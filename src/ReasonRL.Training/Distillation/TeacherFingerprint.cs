using System.Security.Cryptography;
using ReasonRL.Core;
using ReasonRL.Model.Checkpoints;

namespace ReasonRL.Training.Distillation;

/// <summary>Identifies a teacher by the SHA-256 of its weights file, so a dataset names exactly which weights produced it.</summary>
public static class TeacherFingerprint
{
    /// <summary>Hex SHA-256 of <c>model.safetensors</c> in <paramref name="checkpointFolder"/>, read as a stream.</summary>
    public static string Of(string checkpointFolder)
    {
        var weights = Path.Combine(checkpointFolder, Checkpoint.WeightsFile);
        if (!File.Exists(weights))
        {
            throw new InputException($"{checkpointFolder}: not a checkpoint folder (no {Checkpoint.WeightsFile})");
        }

        using var stream = File.OpenRead(weights);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
