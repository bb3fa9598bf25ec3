namespace ReasonRL.Cli.Tests;

/// <summary>Every recipe shipped in recipes/ loads and validates (unknown keys, bad values and cross-field checks).</summary>
public class RecipeFilesTests
{
    private static string RecipesFolder()
    {
        var folder = AppContext.BaseDirectory;
        while (!Directory.Exists(Path.Combine(folder, "recipes")) || !File.Exists(Path.Combine(folder, "ReasonRL.sln")))
        {
            folder = Path.GetDirectoryName(folder) ?? throw new DirectoryNotFoundException("the repository's recipes/ folder");
        }

        return Path.Combine(folder, "recipes");
    }

    public static TheoryData<string> Recipes() => [.. Directory.GetFiles(RecipesFolder(), "*.yaml").Order(StringComparer.Ordinal).Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(Recipes))]
    public async Task The_recipe_loads_and_validates(string file)
    {
        var path = Path.Combine(RecipesFolder(), file);
        var (exitCode, output, error) = await CliRunner.RunAsync("train", path, "--validate");

        Assert.True(exitCode == 0, error);
        Assert.Contains("stages:", output, StringComparison.Ordinal);
        if (File.ReadAllText(path).Contains("sweep:", StringComparison.Ordinal))
        {
            var (sweepExit, _, sweepError) = await CliRunner.RunAsync("train", path, "--validate", "--sweep");
            Assert.True(sweepExit == 0, sweepError);
        }
    }
}
