using Stepwise.Training.Checkpoints;
using Stepwise.Training.Data;
using Stepwise.Training.Tests.Loop;

namespace Stepwise.Training.Tests.Data;

/// <summary>A split given by its own file (<c>data.splits: { test: { path: test.csv } }</c>), beside fractions: the
/// file's rows are the split, read with the train file's label and index column; class names mean the same class in
/// every file; the resolved config keeps absolute paths, so a checkpoint opens from anywhere.</summary>
public class SplitFileTests
{
    private const string Train = "a,b,label\n1,2,0\n2,3,1\n3,4,2\n4,5,0\n5,6,1\n6,7,2\n7,8,0\n8,9,1\n9,10,2\n10,11,0\n";

    [Fact]
    public void A_split_file_is_the_split_and_follows_the_carved_splits()
    {
        using var dir = new TempFolder();
        dir.Write("train.csv", Train);
        dir.Write("test.csv", "a,b,label\n100,200,1\n300,400,3\n");
        var d = Load.Ok(new DataSource("csv", Path: "train.csv", Splits: Load.Splits(("val", 0.2)), Standardize: false)
        {
            SplitFiles = [("test", "test.csv")],
        }, baseDirectory: dir.Path);
        Assert.Equal(["train", "val", "test"], d.SplitNames);
        Assert.Equal(8, d.TrainCount);
        Assert.Equal(2, d.Tabular!["val"].Count);
        var test = d.Tabular["test"];
        Assert.Equal([100f, 200f, 300f, 400f], test.X);
        Assert.Equal([1, 3], test.Y);
        Assert.Equal(4, d.Classes);                    // the test file's label 3 widens every split's class count
        Assert.All(d.Tabular.Values, s => Assert.Equal(4, s.Classes));
        Assert.Equal([0, 1], d.SourceRows["test"]);    // rows of its own file
    }

    [Fact]
    public void Class_names_are_the_sorted_union_of_every_files_names()
    {
        using var dir = new TempFolder();
        dir.Write("train.csv", "x,label\n1,cat\n2,dog\n3,cat\n");
        dir.Write("val.csv", "x,label\n4,ant\n5,dog\n");
        var d = Load.Ok(new DataSource("csv", Path: "train.csv", Standardize: false) { SplitFiles = [("val", "val.csv")] }, baseDirectory: dir.Path);
        Assert.Equal(["ant", "cat", "dog"], d.ClassNames);
        Assert.Equal([1, 2, 1], d.Tabular!["train"].Y);
        Assert.Equal([0, 2], d.Tabular["val"].Y);
    }

    [Theory]
    [InlineData("x,label\n1,0\n", "data.splits.val.path = val.csv: 1 feature columns, the train file (train.csv) has 2")]
    [InlineData("a,c,label\n1,2,0\n", "data.splits.val.path = val.csv: feature column 2 is 'c', the train file's is 'b'")]
    [InlineData("a,b,label\n1,2,cat\n", "data.splits.val.path = val.csv: its labels are class names, the train file's are numbers")]
    [InlineData(null, "data.splits.val.path = val.csv: file not found")]
    public void A_split_file_that_does_not_match_the_train_file_is_one_line(string? val, string expected)
    {
        using var dir = new TempFolder();
        dir.Write("train.csv", Train);
        if (val is not null) dir.Write("val.csv", val);
        string e = Load.Error(new DataSource("csv", Path: "train.csv") { SplitFiles = [("val", "val.csv")] }, baseDirectory: dir.Path);
        Assert.StartsWith(expected, e, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_clash_sources_without_files_and_bad_keys_are_refused()
    {
        using var dir = new TempFolder();
        dir.Write("train.csv", Train);
        dir.Write("val.csv", Train);
        Assert.StartsWith("data.splits.VAL: split name given twice",
            Load.Error(new DataSource("csv", Path: "train.csv", Splits: Load.Splits(("val", 0.2))) { SplitFiles = [("VAL", "val.csv")] }, baseDirectory: dir.Path), StringComparison.Ordinal);
        Assert.StartsWith("data.splits.val: a split's own file ({path: FILE}) needs data.source: csv",
            Load.Error(new DataSource("digits") { SplitFiles = [("val", "val.csv")] }, baseDirectory: dir.Path), StringComparison.Ordinal);
        var errors = RunHarness.Errors("""
            data: { source: csv, path: train.csv, splits: { val: { pth: val.csv } } }
            batch: { size: 4 }
            duration: { epochs: 1 }
            """);
        Assert.Contains(errors, e => e.Contains("val.pth: unknown key; did you mean 'path'?", StringComparison.Ordinal));
        var train = RunHarness.Errors("""
            data: { source: csv, path: train.csv, splits: { train: { path: val.csv } } }
            batch: { size: 4 }
            duration: { epochs: 1 }
            """);
        Assert.Contains(train, e => e.Contains("data.splits.train", StringComparison.Ordinal) && e.Contains("train gets the rows no other split takes", StringComparison.Ordinal));
    }

    [Fact]
    public void A_run_with_split_files_trains_evaluates_them_and_reopens_from_its_checkpoint_elsewhere()
    {
        using var dir = new TempFolder();
        dir.Write("train.csv", Train + Train[Train.IndexOf('\n')..].TrimStart('\n'));
        dir.Write("atomic.csv", "a,b,label\n1.5,2.5,0\n2.5,3.5,1\n");
        dir.Write("test.csv", "a,b,label\n3.5,4.5,2\n");
        string yaml = $$"""
            seed: 1
            data: { source: csv, path: {{Path.Combine(dir.Path, "train.csv")}}, splits: { atomic: { path: atomic.csv }, test: { path: test.csv } } }
            model: { kind: logreg }
            batch: { size: 4 }
            duration: { epochs: 2 }
            checkpoints: { epoch_ends: true }
            """;
        var node = Stepwise.Config.YamlConfigReader.ReadText(yaml, "t.yaml");
        var (setup, errors) = Stepwise.Training.Setup.RunSetup.Create(node.Value, dir.Path);
        Assert.True(setup is not null, string.Join("; ", errors));
        Assert.Contains($"atomic: {{path: {Path.Combine(dir.Path, "atomic.csv")}}}", setup!.ResolvedYaml, StringComparison.Ordinal);
        string run = Path.Combine(dir.Path, "run");
        var trainer = new Stepwise.Training.Loop.Trainer(setup, new Stepwise.Training.Loop.TrainerOptions { RunDirectory = run });
        Assert.Equal(Stepwise.Training.Loop.TrainOutcome.Completed, trainer.Run());
        Assert.Equal(["train", "atomic", "test"], trainer.FinalMetrics.Select(m => m.Split));
        var opened = TrainingRun.Open(new CheckpointStore(run).List()[^1].Path);
        Assert.Equal(2, opened.Evaluate("atomic").Count);
        Assert.Equal(trainer.FinalMetrics.Single(m => m.Split == "test").Loss, opened.Evaluate("test").Loss);
    }
}
