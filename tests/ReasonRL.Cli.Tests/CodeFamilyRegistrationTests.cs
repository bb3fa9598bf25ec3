using Microsoft.Extensions.DependencyInjection;
using ReasonRL.Cli.Hosting;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;

namespace ReasonRL.Cli.Tests;

public sealed class CodeFamilyRegistrationTests
{
    [Fact]
    public async Task The_code_family_and_its_sandboxed_verifier_are_registered_and_score_a_generated_solution()
    {
        var provider = new ServiceCollection().AddLogging().AddReasonRL().BuildServiceProvider();
        await using (provider)
        {
            var family = provider.GetRequiredService<TaskFamilyRegistry>().Get("code");
            var verifiers = provider.GetRequiredService<VerifierRegistry>();
            var problem = family.Generate(new GenerationRequest(1, 1, 2)).Single();
            var completion = family.RenderSolution(problem, SolutionStyle.Steps, SolutionOptions.Default, 1);

            var byFamily = await verifiers.Get("code").VerifyAsync(problem, completion, CancellationToken.None);
            var byDispatch = await verifiers.Get(VerifierRegistry.Correctness).VerifyAsync(problem, completion, CancellationToken.None);

            Assert.Equal(Outcome.Correct, byFamily.Outcome);
            Assert.Equal(Outcome.Correct, byDispatch.Outcome);
        }
    }
}
