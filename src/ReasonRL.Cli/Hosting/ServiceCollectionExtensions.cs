using Microsoft.Extensions.DependencyInjection;
using ReasonRL.Cli.Verbs;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Training.Stages;

namespace ReasonRL.Cli.Hosting;

/// <summary>Wires ReasonRL's services: task families, verifiers, stage runners and verbs.</summary>
internal static class ServiceCollectionExtensions
{
    public static IServiceCollection AddReasonRL(this IServiceCollection services)
    {
        services.AddSingleton<ITaskFamily, ReasonRL.Verifiers.Code.CodeTaskFamily>();
        services.AddSingleton<TaskFamilyRegistry>();
        services.AddSingleton<VerifierRegistry>();
        services.AddSingleton<RecipeRunner>();
        foreach (var verb in VerbCatalog.All)
        {
            services.AddTransient(verb.Implementation);
        }

        return services;
    }
}
