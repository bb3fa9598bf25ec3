using System.Security.Cryptography;
using System.Text;
using ReasonRL.Core.Verification;
using ReasonRL.Training.Rollout;

namespace ReasonRL.Cluster;

/// <summary>
/// Which build of the code a process runs: a hash of the module version ids of the assemblies that decide a rollout
/// unit's result (the records, the model and sampler, the trainer's unit computation, this project, and the reward's
/// verifiers). The build is deterministic, so the same sources give the same identity on every machine;
/// a worker whose identity differs from the trainer's refuses its units rather than computing them differently.
/// </summary>
public static class CodeIdentity
{
    public static string Of(IEnumerable<IVerifier> verifiers)
    {
        var assemblies = new[] { typeof(IVerifier).Assembly, typeof(Model.Sampling.Sampler).Assembly, typeof(RolloutUnit).Assembly, typeof(CodeIdentity).Assembly }
            .Concat(verifiers.Select(v => v.GetType().Assembly))
            .Distinct()
            .Select(a => $"{a.GetName().Name}:{a.ManifestModule.ModuleVersionId:N}")
            .Order(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", assemblies))))[..16];
    }
}
