using Microsoft.Extensions.DependencyInjection;
using ReasonRL.Cli.Verbs;
using ReasonRL.Cluster;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Training.Rollout;
using ReasonRL.Training.Stages;
using ReasonRL.Verifiers.Arithmetic;
using ReasonRL.Verifiers.Arithmetic.Countdown;
using ReasonRL.Verifiers.Cipher;
using ReasonRL.Verifiers.Code;
using ReasonRL.Verifiers.Math;
using ReasonRL.Verifiers.Math.Datasets;

namespace ReasonRL.Cli.Hosting;

/// <summary>Wires ReasonRL's services: task families, verifiers, plugins, stage runners and verbs.</summary>
internal static class ServiceCollectionExtensions
{
    public static IServiceCollection AddReasonRL(this IServiceCollection services)
    {
        // Task families; each brings its own verifier, named after it (see VerifierRegistry).
        services.AddSingleton<ITaskFamily, ArithmeticFamily>();
        services.AddSingleton<ITaskFamily>(_ => ArithmeticFamily.Digits());
        services.AddSingleton<ITaskFamily>(_ => new CountdownFamily());
        services.AddSingleton<ITaskFamily, CipherFamily>();
        services.AddSingleton<CodeTaskFamily>();
        services.AddSingleton<ITaskFamily>(s => s.GetRequiredService<CodeTaskFamily>());
        services.AddSingleton<ITaskFamily, DatasetFamily>();

        // Standalone verifiers.
        services.AddSingleton<IVerifier, FormatVerifier>();
        services.AddSingleton<IVerifier, CipherPartialVerifier>();
        services.AddSingleton<IVerifier>(_ => new MathVerifier());
        services.AddSingleton<IVerifier>(s => s.GetRequiredService<CodeTaskFamily>().CreateVerifier(CodeVerifierKind.Visible));
        services.AddSingleton<IVerifier>(s => s.GetRequiredService<CodeTaskFamily>().CreateVerifier(CodeVerifierKind.Gap));

        services.AddSingleton<TaskFamilyRegistry>();
        services.AddSingleton<VerifierRegistry>();
        services.AddSingleton<PluginFolders>();
        services.AddSingleton<RecipeRunner>();
        services.AddSingleton<IStageRunner, PretrainRunner>();
        services.AddSingleton<IStageRunner, SftRunner>();
        services.AddSingleton<IStageRunner, GrpoRunner>();
        services.AddSingleton<IStageRunner, PrmRunner>();
        services.AddSingleton<IStageRunner, EvalRunner>();
        services.AddSingleton<IStageRunner, LlcRunner>();
        services.AddSingleton<IStageRunner, DistillDataRunner>();
        services.AddSingleton<IStageRunner, DistillRunner>();
        services.AddSingleton<IStageRunner, ReportStageRunner>();
        services.AddSingleton<IClusterConnector, OrleansClusterConnector>(); // rollout.workers: cluster
        foreach (var verb in VerbCatalog.All)
        {
            services.AddTransient(verb.Implementation);
        }

        return services;
    }
}
