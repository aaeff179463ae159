using Stepwise.Analysis.Pruning;
using Stepwise.Planning;
using Stepwise.Training;
using Stepwise.Training.Runs;
using Stepwise.Training.Setup;

namespace Stepwise.Analysis.Tests.Pruning;

/// <summary>What the experiment must not repeat from seed 000's flaws (docs/influence.md): the windows are the plan's of
/// the run trained once, every retrained run starts from that run's saved initial weights (never from a model trained
/// further) on exactly the kept rows with its own plan, the test split is clean and the only one evaluated, and the
/// outputs hold every number.</summary>
public sealed class PruneExperimentTests : IClassFixture<PruneExperimentTests.Experiment>
{
    /// <summary>One experiment (TIM and TracIn, one repeat) shared by the tests.</summary>
    public sealed class Experiment : IDisposable
    {
        public PruneRuns Runs { get; } = new();

        public Experiment()
        {
            Outcome = Runs.Run(PruneRuns.Small, "both", new PruneOverrides { Method = "all" });
            Dir = Runs.Dir("both");
        }

        public PruneOutcome Outcome { get; }

        public string Dir { get; }

        public void Dispose() => Runs.Dispose();
    }

    private readonly Experiment _e;

    public PruneExperimentTests(Experiment e) => _e = e;

    private PruneResults Results => _e.Outcome.Results;

    [Fact]
    public void The_windows_are_the_core_plans_stage_windows_of_the_run_trained_once()
    {
        var trained = TrainingRun.Open(_e.Dir);
        Assert.Equal(StageWindows.Split(trained.Setup.TotalSteps, 3).Value, Results.Trained.Windows);
        Assert.Equal(trained.Setup.Plan.Windows, Results.Trained.Windows);
        Assert.Equal(500, Results.Trained.TrainSamples);
        Assert.Equal(32, Results.Trained.StepsPerEpoch);
        Assert.Equal(192, Results.Trained.TotalSteps);
        foreach (var row in Results.Rows.Where(r => r.Stage is not null)) Assert.Equal(Results.Trained.Windows[row.Stage!.Value - 1], row.Window);
        // the influence CSVs carry the same windows, every sample in each
        foreach (string m in new[] { "tim", "tracin" })
        {
            var rows = Stepwise.Analysis.Influence.InfluenceCsv.Read(Path.Combine(_e.Dir, "influence", m + ".csv"), new List<string>());
            Assert.Equal(Results.Trained.Windows, rows.Select(r => r.Window).Distinct());
            Assert.Equal(3 * 500, rows.Count);
        }
    }

    [Fact]
    public void Every_retrained_run_starts_from_the_saved_initial_weights_on_exactly_the_kept_rows_with_its_own_plan()
    {
        var trained = TrainingRun.Open(_e.Dir);
        var initial = TrainingRun.Open(_e.Dir, Step.Zero);
        var data = trained.Setup.Data;
        foreach (var row in Results.Rows.Where(r => r.Method != PruneMethod.None))
        {
            var retrained = TrainingRun.Open(Path.Combine(_e.Dir, row.Run));
            var setup = retrained.Setup;
            Assert.Equal(Path.Combine(_e.Dir, "checkpoint_step_0"), setup.Init!.Path);
            Assert.Equal(initial.Model.Params.ToArray(), retrained.Initial().Model.Params.ToArray());
            // the kept rows: the trained run's rows minus the pruned, with their (noisy) labels and features
            var kept = Enumerable.Range(0, (int)data.TrainCount).Where(j => !row.Pruned.Contains(j)).ToArray();
            Assert.Equal(kept.Length, setup.Data.TrainCount);
            Assert.Equal(kept.Select(j => data.SourceRows["train"][j]), setup.Data.SourceRows["train"]);
            var before = data.Tabular!["train"];
            var after = setup.Data.Tabular!["train"];
            Assert.Equal(kept.Select(j => before.Y[j]), after.Y);
            Assert.Equal(kept.SelectMany(j => before.Row(j).ToArray()), after.X);
            Assert.Equal(data.NoisyIndices.Where(j => !row.Pruned.Contains(j)).Select(j => (long)Array.IndexOf(kept, (int)j)), setup.Data.NoisyIndices);
            // the plan re-derived for the kept rows: ceil(n/16) steps per epoch, 6 epochs
            long u = (kept.Length + 15) / 16;
            Assert.Equal(u, setup.Plan.StepsPerEpoch);
            Assert.Equal(6 * u, setup.TotalSteps);
            Assert.Equal((u, 6 * u), (row.StepsPerEpoch, row.TotalSteps));
            Assert.Empty(setup.Plan.Windows);
        }
        Assert.Equal(350, Results.Retrained.TrainSamples);
        Assert.Equal(22, Results.Retrained.StepsPerEpoch);
    }

    [Fact]
    public void Only_the_train_split_is_noisy_and_the_test_split_is_what_every_run_is_evaluated_on()
    {
        var noisy = TrainingRun.Open(_e.Dir).Setup.Data;
        var clean = InfluenceRunsSetup(PruneRuns.Small.Replace("label_noise: 0.3", "label_noise: 0", StringComparison.Ordinal)).Data;
        Assert.Equal(150, noisy.NoisyIndices.Count);
        Assert.Equal(clean.Tabular!["test"].Y, noisy.Tabular!["test"].Y);
        Assert.Equal(clean.Tabular!["val"].Y, noisy.Tabular!["val"].Y);
        Assert.Equal(noisy.NoisyIndices.Count, clean.Tabular!["train"].Y.Zip(noisy.Tabular!["train"].Y).Count(p => p.First != p.Second));
        foreach (var row in Results.Rows)
        {
            var status = RunFolder.Open(Path.Combine(_e.Dir, row.Run)).Status!;
            Assert.Equal(status.Final.Single(p => p.Key == "test_accuracy").Value, row.TestAccuracy);
            Assert.Equal(status.Final.Single(p => p.Key == "test_loss").Value, row.TestLoss);
        }
    }

    private static RunSetup InfluenceRunsSetup(string yaml)
    {
        var root = PruneRuns.Tree(yaml);
        var (setup, errors) = RunSetup.Create(root is Stepwise.Configuration.ConfigMapping m ? m with { Entries = [.. m.Entries.Where(e => e.Key != "prune")] } : root, Path.GetTempPath());
        Assert.True(setup is not null, string.Join("\n", errors));
        return setup!;
    }

    [Fact]
    public void Each_row_measures_its_pruned_set_and_scores_against_the_flipped_labels()
    {
        var noisy = Results.Noisy[0].ToHashSet();
        Assert.Equal(3 * 2 + 3, Results.Rows.Count);
        Assert.Equal([PruneMethod.Tim, PruneMethod.TracIn, PruneMethod.Tim, PruneMethod.TracIn, PruneMethod.Tim, PruneMethod.TracIn, PruneMethod.Random, PruneMethod.Oracle, PruneMethod.None],
            Results.Rows.Select(r => r.Method));
        foreach (var row in Results.Rows)
        {
            long hits = row.Pruned.Count(noisy.Contains);
            if (row.Method == PruneMethod.None)
            {
                Assert.Empty(row.Pruned);
                Assert.Null(row.NoiseRecall);
                continue;
            }
            Assert.Equal(150, row.Pruned.Count); // k = round(0.3 × 500), and the oracle's 150 flipped rows
            Assert.Equal((double)hits / noisy.Count, row.NoiseRecall);
            Assert.Equal((double)hits / row.Pruned.Count, row.NoisePrecision);
            Assert.Equal(row.Pruned.Order(), row.Pruned);
            Assert.Equal(row.Pruned.Count, row.Pruned.Distinct().Count());
        }
        // the scoring rows: the pruned are the window's lowest scores, and the statistics are of those scores
        foreach (var m in new[] { "tim", "tracin" })
        {
            var csv = Stepwise.Analysis.Influence.InfluenceCsv.Read(Path.Combine(_e.Dir, "influence", m + ".csv"), new List<string>());
            foreach (var row in Results.Rows.Where(r => PruneNames.Of(r.Method) == m))
            {
                var scores = csv.Where(r => r.Window == row.Window).OrderBy(r => r.Sample).Select(r => r.Influence).ToArray();
                Assert.Equal(NoiseDetection.Lowest(scores, 150), row.Pruned);
                double threshold = row.Pruned.Max(j => scores[j]);
                Assert.All(Enumerable.Range(0, 500).Where(j => !row.Pruned.Contains(j)), j => Assert.True(scores[j] >= threshold));
                Assert.Equal(NoiseDetection.DiscoveryAuc(scores, noisy), row.DiscoveryAuc);
                Assert.Equal(noisy.Average(j => scores[j]), row.Noisy!.Mean, 12);
                Assert.Equal(150, row.Noisy.Count);
                Assert.Equal(350, row.Clean!.Count);
                Assert.Equal(row.Stage == 1, row.RankCorrelationPrevious is null);
            }
        }
    }

    [Fact]
    public void The_results_file_reads_back_to_the_same_results_and_the_summary_has_a_row_per_run()
    {
        string json = File.ReadAllText(Path.Combine(_e.Dir, PruneFolders.Results));
        Assert.Equal(PruneResultsJson.Write(Results), json);
        Assert.Equal(json, PruneResultsJson.Write(PruneResultsJson.Read(json)));
        Assert.Contains("\"schema_version\": 1", json, StringComparison.Ordinal);
        Assert.Contains("\"status\": \"completed\"", json, StringComparison.Ordinal);
        string[] csv = File.ReadAllText(Path.Combine(_e.Dir, PruneFolders.Summary)).TrimEnd('\n').Split('\n');
        Assert.Equal(PruneSummaryCsv.Header, csv[0]);
        Assert.Equal(Results.Rows.Count, csv.Length - 1);
        Assert.All(csv.Skip(1), line => Assert.Equal(PruneSummaryCsv.Header.Count(c => c == ','), line.Count(c => c == ',')));
        Assert.True(File.Exists(Path.Combine(_e.Dir, PruneFolders.Timing)));
    }
}
