using ReasonRL.Cli.CommandLine;

namespace ReasonRL.Cli.Tests;

/// <summary>
/// A verb declared with a <see cref="VerbSpec"/> receives exactly what the user typed as <see cref="ParsedArguments"/>,
/// whatever System.CommandLine does underneath: the contract every verb relies on.
/// </summary>
public class CommandTreeTests
{
    private static readonly VerbSpec Demo = new(
        ["demo", "run"],
        "a verb with one of everything",
        [new("INPUT", "input file"), new("EXTRA", "optional second argument", Required: false)],
        [
            new("count", "how many", ValueName: "N", Required: true),
            new("seed", "seed", ValueName: "S", Default: "1"),
            new("set", "repeatable", OptionArity.Multiple, "KEY=VALUE"),
            new("json", "a flag", OptionArity.Flag),
        ]);

    [Fact]
    public void Arguments_options_flags_and_defaults_reach_the_verb_as_given()
    {
        var parsed = Parse("demo", "run", "in.jsonl", "--count", "3", "--set", "a=1", "--set=b=2", "--json");

        Assert.Same(Demo, parsed.Verb);
        Assert.Equal("in.jsonl", parsed.Argument("INPUT"));
        Assert.Null(parsed.Argument("EXTRA"));
        Assert.Equal(3, parsed.Int("count"));
        Assert.Equal(["a=1", "b=2"], parsed.All("set"));
        Assert.True(parsed.Flag("json"));
        Assert.Equal(1, parsed.Int("seed")); // the spec's default
        Assert.False(parsed.Verbose);
        Assert.True(parsed.ShowProgress);
    }

    [Fact]
    public void Options_go_anywhere_and_take_posix_forms()
    {
        var parsed = Parse("demo", "run", "--count=5", "--seed:9", "in.jsonl", "out.jsonl");

        Assert.Equal(5, parsed.Int("count"));
        Assert.Equal(9, parsed.Int("seed"));
        Assert.Equal("in.jsonl", parsed.Argument("INPUT"));
        Assert.Equal("out.jsonl", parsed.Argument("EXTRA"));
        Assert.False(parsed.Flag("json"));
        Assert.Empty(parsed.All("set"));
    }

    [Fact]
    public void Negative_numbers_and_a_lone_dash_are_values()
    {
        var parsed = Parse("demo", "run", "-", "--count", "-3", "--seed", "-1");

        Assert.Equal("-", parsed.Argument("INPUT"));
        Assert.Equal(-3, parsed.Int("count"));
        Assert.Equal(-1, parsed.Int("seed"));
    }

    [Fact]
    public void A_double_dash_ends_the_options()
    {
        var parsed = Parse("demo", "run", "--count", "1", "--", "--json");

        Assert.Equal("--json", parsed.Argument("INPUT"));
        Assert.False(parsed.Flag("json"));
    }

    [Fact]
    public void A_flag_given_false_is_absent()
    {
        Assert.False(Parse("demo", "run", "x", "--count", "1", "--json", "false").Flag("json"));
        Assert.True(Parse("demo", "run", "x", "--count", "1", "--json", "true").Flag("json"));
    }

    [Fact]
    public void Verbose_and_no_progress_are_options_of_every_verb()
    {
        var parsed = Parse("demo", "run", "x", "--count", "1", "--verbose", "--no-progress");

        Assert.True(parsed.Verbose);
        Assert.False(parsed.ShowProgress);
    }

    [Fact]
    public void A_two_word_verb_is_a_subcommand_of_its_first_word()
    {
        var tree = new CommandTree([Demo], (_, _) => Task.FromResult(0));

        var group = Assert.Single(tree.Root.Subcommands);
        Assert.Equal("demo", group.Name);
        Assert.Null(tree.VerbOf(group));
        Assert.Same(Demo, tree.VerbOf(Assert.Single(group.Subcommands)));
        Assert.Equal("demo run", CommandTree.WordsOf(group.Subcommands[0]));
    }

    [Fact]
    public async Task The_verb_runs_with_its_arguments_and_its_exit_code_is_returned()
    {
        ParsedArguments? received = null;
        var tree = new CommandTree([Demo], (arguments, _) =>
        {
            received = arguments;
            return Task.FromResult(7);
        });

        var exitCode = await tree.Parse(["demo", "run", "x", "--count", "2"]).InvokeAsync();

        Assert.Equal(7, exitCode);
        Assert.Equal(2, received!.Int("count"));
    }

    private static ParsedArguments Parse(params string[] args)
    {
        var tree = new CommandTree([Demo], (_, _) => Task.FromResult(0));
        var result = tree.Parse(args);
        Assert.Empty(result.Errors);
        return tree.Read(result);
    }
}
