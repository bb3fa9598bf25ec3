using ReasonRL.Core;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Training.Corpus;
using ReasonRL.Training.Problems;
using ReasonRL.Training.Recipes;
using ReasonRL.Verifiers.Math.Datasets;

namespace ReasonRL.Training.Tests.Corpus;

/// <summary>A recipe names a dataset file where it names a family: problem sources and corpora read it.</summary>
public sealed class DatasetMixTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-dataset-mix-").FullName;
    private readonly TaskFamilyRegistry _families = new([new AdditionFamily(), new DatasetFamily()]);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private FamilyMix Mix()
    {
        var path = Path.Combine(_folder, "words.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, 40).Select(i =>
            $"{{\"q\": \"Ann has {i} pens and gets 2 more. How many?\", \"a\": \"{i}+2 = {i + 2}\\n#### {i + 2}\", \"s\": \"{(i < 10 ? "test" : "train")}\"}}"));
        return new FamilyMix { Family = "dataset", Dataset = new DatasetSection { Path = path, PromptColumn = "q", AnswerColumn = "a", SplitColumn = "s" } };
    }

    [Fact]
    public void Training_problems_come_from_the_train_rows_and_held_out_problems_from_the_test_rows()
    {
        var source = new ProblemSource(new ProblemsSection { Families = [Mix()], Count = 30 }, _families);

        var training = Enumerable.Range(0, 32).Select(slot => source.Training(1, 0, slot, 32)).ToList();
        var heldOut = source.HeldOut(5);

        Assert.All(training, p => Assert.Equal(("dataset", Split.Train), (p.Family, p.Split)));
        Assert.True(training.Select(p => p.Prompt).Distinct().Count() > 10);
        Assert.Equal(10, heldOut.Count);
        Assert.All(heldOut, p => Assert.True(int.Parse(p.Prompt.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture) < 10, p.Prompt));
    }

    [Fact]
    public void A_corpus_renders_the_files_worked_solutions()
    {
        var builder = new CorpusBuilder(_families, new CorpusSection { Families = [Mix()], Styles = new Dictionary<SolutionStyle, double> { [SolutionStyle.Steps] = 1 } });

        var document = builder.Document(1, 0, Split.Train);

        Assert.Matches(@"^ <think>(\d+)\+2 = \d+</think> <answer>\d+</answer>$", document.Completion);
        Assert.StartsWith("User: Ann has ", document.Prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dataset_given_to_a_generated_family_is_refused()
    {
        var mix = Mix() with { Family = "addition" };

        var error = Assert.Throws<InputException>(() => new ProblemSource(new ProblemsSection { Families = [mix] }, _families));

        Assert.Contains("task family 'addition' generates its problems and takes no dataset file", error.Message, StringComparison.Ordinal);
    }
}
