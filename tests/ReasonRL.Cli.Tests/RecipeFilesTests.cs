namespace ReasonRL.Cli.Tests;

/// <summary>
/// Runs alone, because it validates with the repository root as the current directory (recipes name checkpoint
/// folders such as <c>data/…</c> relative to it), and the current directory belongs to the whole process.
/// </summary>
[CollectionDefinition(nameof(RepositoryRootCollection), DisableParallelization = true)]
public sealed class RepositoryRootCollection;

/// <summary>Every recipe shipped in <c>recipes/</c> loads and validates (with its sweep arms, when it has any).</summary>
[Collection(nameof(RepositoryRootCollection))]
public sealed class RecipeFilesTests
{
    /// <summary>The repository root: the nearest folder above the test binaries that holds <c>ReasonRL.sln</c>.</summary>
    private static string Root
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "ReasonRL.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException($"no ReasonRL.sln above {AppContext.BaseDirectory}");
        }
    }

    public static TheoryData<string> Recipes()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "recipes"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Recipes))]
    public async Task A_shipped_recipe_validates(string recipe)
    {
        var path = Path.Combine(Root, "recipes", recipe);
        var hasSweep = File.ReadLines(path).Any(l => l.StartsWith("sweep:", StringComparison.Ordinal));
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = Root;
        try
        {
            var (exitCode, output, error) = hasSweep
                ? await CliRunner.RunAsync("train", path, "--validate", "--sweep")
                : await CliRunner.RunAsync("train", path, "--validate");

            Assert.True(exitCode == 0, $"{recipe}: {error}");
            Assert.Contains("stages:", output, StringComparison.Ordinal);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }
}
