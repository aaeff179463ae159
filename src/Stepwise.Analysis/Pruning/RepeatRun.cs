using Stepwise.Analysis.Influence;
using Stepwise.Engine;
using Stepwise.Engine.Kernels;
using Stepwise.Training;
using Stepwise.Training.Loop;
using Stepwise.Training.Runs;
using Stepwise.Training.Setup;

namespace Stepwise.Analysis.Pruning;

/// <summary>
/// One repeat of an experiment: train once on every sample (influence recording on, initial weights saved as
/// checkpoint_step_0); score every sample on every stage window with each method; for each stage and method prune the
/// k lowest-scored samples and retrain from checkpoint_step_0 on the rest; retrain with k random samples pruned and
/// with exactly the flipped ones pruned; read every run's test metrics. Every step is skipped when a folder already
/// holds it (a finished run, a scored window), so a stopped repeat continues where it stopped.
/// </summary>
internal sealed class RepeatRun
{
    /// <summary>The stream of the random baseline's choice (ASCII "PRNE").</summary>
    public const ulong RandomStream = 0x50524E45UL;

    private readonly PrunePlan _plan;
    private readonly int _repeat;
    private readonly ulong _seed;
    private readonly StopSignal _stop;
    private readonly PruneClock _clock;
    private readonly IPruneObserver? _observer;
    private readonly string _dir;
    private readonly string? _name;
    private readonly Configuration.ConfigNode _root;

    public RepeatRun(PrunePlan plan, int repeat, StopSignal stop, PruneClock clock, IPruneObserver? observer)
    {
        _plan = plan;
        _repeat = repeat;
        _seed = plan.Seeds[repeat];
        _stop = stop;
        _clock = clock;
        _observer = observer;
        _dir = PruneFolders.Repeat(plan.Output, repeat);
        _name = repeat == 0 ? plan.Name : $"{plan.Name ?? "prune"}-repeat-{repeat}";
        _root = PruneConfigs.Repeat(plan.Root, plan.Settings, _seed, _name);
    }

    /// <summary>The repeat's flipped rows (once its data is loaded), else null.</summary>
    public IReadOnlyList<long>? Noisy { get; private set; }

    /// <summary>Runs the repeat, adding its rows to <paramref name="rows"/> in table order; false when stopped.</summary>
    public bool Run(List<PruneRow> rows)
    {
        var s = _plan.Settings;
        var setup = _repeat == 0 ? _plan.First : Create(_root);
        Noisy = setup.Data.NoisyIndices;
        _clock.Start(PrunePhase.Training, _repeat, null, null, setup.TotalSteps);
        bool trained = Train(setup, _dir);
        _clock.Finish(trained);
        if (!trained) return false;

        var run = TrainingRun.Open(_dir, warn: line => _observer?.Message(line));
        EngineThreads.Count = ThreadCount.Resolve(_plan.Request.Threads, setup.Config.Threads);
        var samples = new TrainSamples(setup.Data);
        var scores = new Dictionary<PruneMethod, IReadOnlyList<WindowInfluence>>();
        foreach (var m in s.Scorers)
        {
            _clock.Start(PrunePhase.Scoring, _repeat, m, null, 2 * setup.TotalSteps);
            var scored = Score(run, setup, samples, m);
            _clock.Finish(scored is not null);
            if (scored is null) return false;
            scores[m] = scored;
        }

        long n = setup.Data.TrainCount, k = s.PruneCount(n);
        var noisy = setup.Data.NoisyIndices.ToHashSet();
        for (int stage = 0; stage < s.Stages; stage++)
        {
            foreach (var m in s.Scorers)
            {
                var w = scores[m][stage];
                long[] pruned = NoiseDetection.Lowest(w.Scores, k);
                var row = Retrain(m, stage + 1, pruned, noisy);
                if (row is null) return false;
                rows.Add(WithScores(row, w, stage > 0 ? scores[m][stage - 1] : null, noisy));
            }
        }
        var random = Retrain(PruneMethod.Random, null, RandomRows(n, k), noisy);
        if (random is null) return false;
        rows.Add(random);
        if (noisy.Count > 0)
        {
            var oracle = Retrain(PruneMethod.Oracle, null, [.. setup.Data.NoisyIndices], noisy);
            if (oracle is null) return false;
            rows.Add(oracle);
        }
        var (accuracy, loss) = TestMetrics(_dir);
        rows.Add(new PruneRow
        {
            Repeat = _repeat, Seed = _seed, Method = PruneMethod.None, Run = Relative(_dir), Pruned = [],
            TrainSamples = n, StepsPerEpoch = setup.Plan.StepsPerEpoch, TotalSteps = setup.TotalSteps, TestAccuracy = accuracy, TestLoss = loss,
        });
        return true;
    }

    private RunSetup Create(Configuration.ConfigNode root)
    {
        var (setup, errors) = RunSetup.Create(root, _plan.Request.BaseDirectory);
        return setup ?? throw new RunInputException(string.Join("; ", errors));
    }

    /// <summary>Trains (or continues, or finds complete) the run of <paramref name="setup"/> in <paramref name="dir"/>;
    /// false when stopped.</summary>
    private bool Train(RunSetup setup, string dir)
    {
        var trainer = new Trainer(setup, new TrainerOptions
        {
            RunDirectory = dir,
            Resume = RunFolder.Describe(dir) is null ? ResumeMode.None : ResumeMode.Auto,
            Stop = _stop,
            WaitLock = _plan.Request.WaitLock,
            Threads = _plan.Request.Threads,
            Observer = new TrainMessages(_observer, Relative(dir)),
        });
        return trainer.Run() != TrainOutcome.Stopped;
    }

    /// <summary>Every window's scores by <paramref name="method"/>: the windows finished by an earlier process are read
    /// from the repeat's exact record, the others estimated (each kept as it finishes); null when stopped.</summary>
    private IReadOnlyList<WindowInfluence>? Score(TrainingRun run, RunSetup setup, TrainSamples samples, PruneMethod method)
    {
        var options = new InfluenceOptions
        {
            Method = method == PruneMethod.Tim ? InfluenceMethod.Tim : InfluenceMethod.TracIn,
            Query = _plan.Settings.Query,
            MeasureAt = MeasureAt.WindowEnd,
        };
        var windows = setup.Plan.Windows;
        string record = PruneFolders.ScoreRecord(_dir, method);
        Directory.CreateDirectory(Path.GetDirectoryName(record)!);
        string key = InfluenceProgress.Key(setup, windows, options);
        var finished = new List<WindowInfluence>(InfluenceProgress.Load(record, key)?.Done ?? []);
        var estimator = new InfluenceEstimator(run, options, line => _observer?.Message(line));
        var all = estimator.Estimate(windows, finished.ToList(), _stop, w =>
        {
            finished.Add(w);
            InfluenceProgress.Save(record, key, finished, null);
            _observer?.Scored(_repeat, method, windows.ToList().IndexOf(w.Window) + 1, windows.Count);
        }, null);
        if (all is null) return null;
        var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        InfluenceCsv.Write(text, all, samples);
        RunFiles.WriteAtomic(PruneFolders.Scores(_dir, method), text.ToString());
        return all;
    }

    /// <summary>Retrains from the repeat's checkpoint_step_0 without <paramref name="pruned"/>; null when stopped.</summary>
    private PruneRow? Retrain(PruneMethod method, int? stage, long[] pruned, IReadOnlySet<long> noisy)
    {
        string dir = PruneFolders.Retrain(_dir, method, stage);
        string label = stage is { } k ? $"stage-{k}-{PruneNames.Of(method)}" : PruneNames.Of(method);
        var root = PruneConfigs.Retrain(_root, pruned, Path.Combine(_dir, "checkpoint_step_0"), $"{_name ?? "prune"}-{label}");
        var setup = Create(root);
        _clock.Start(PrunePhase.Retraining, _repeat, method, stage, setup.TotalSteps);
        bool done = Train(setup, dir);
        _clock.Finish(done);
        if (!done) return null;
        var (accuracy, loss) = TestMetrics(dir);
        return new PruneRow
        {
            Repeat = _repeat, Seed = _seed, Method = method, Stage = stage, Window = stage is { } s ? _plan.Trained.Windows[s - 1] : null,
            Run = Relative(dir), Pruned = pruned, TrainSamples = setup.Data.TrainCount, StepsPerEpoch = setup.Plan.StepsPerEpoch,
            TotalSteps = setup.TotalSteps, TestAccuracy = accuracy, TestLoss = loss,
            NoiseRecall = NoiseDetection.Recall(pruned, noisy), NoisePrecision = NoiseDetection.Precision(pruned, noisy),
        };
    }

    /// <summary><paramref name="row"/> with what window <paramref name="w"/>'s scores say about the flipped labels.</summary>
    private static PruneRow WithScores(PruneRow row, WindowInfluence w, WindowInfluence? previous, IReadOnlySet<long> noisy)
    {
        var scores = w.Scores;
        double[] percentiles = ScoreGroup.RankPercentiles(scores);
        bool noise = noisy.Count > 0;
        return row with
        {
            DiscoveryAuc = NoiseDetection.DiscoveryAuc(scores, noisy),
            KMeansF1 = NoiseDetection.KMeansF1(scores, noisy),
            RankCorrelationPrevious = previous is null ? null : WindowSummary.Spearman(previous, w),
            Noisy = noise ? ScoreGroup.Of(scores, percentiles, Enumerable.Range(0, scores.Count).Where(j => noisy.Contains(j))) : null,
            Clean = noise ? ScoreGroup.Of(scores, percentiles, Enumerable.Range(0, scores.Count).Where(j => !noisy.Contains(j))) : null,
        };
    }

    /// <summary>k distinct rows of 0..n−1 drawn uniformly (partial Fisher–Yates on the repeat seed's stream), ascending.</summary>
    private long[] RandomRows(long n, long k)
    {
        var rng = new Rng(SeedStreams.Derive(_seed, RandomStream));
        long[] order = new long[n];
        for (long i = 0; i < n; i++) order[i] = i;
        for (long i = 0; i < k; i++)
        {
            long j = i + rng.NextLong(n - i);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return [.. order[..(int)k].Order()];
    }

    /// <summary>The test split's accuracy and loss at the final step of the completed run in <paramref name="dir"/> (its run.json).</summary>
    private static (double Accuracy, double Loss) TestMetrics(string dir)
    {
        var status = RunStatusFile.Read(Path.Combine(dir, RunFiles.Run)) ?? throw new RunInputException($"{dir}: run.json is missing after training");
        double Get(string key) => status.Final.FirstOrDefault(p => p.Key == key) is { Key: not null } p
            ? p.Value : throw new RunInputException($"{dir}/run.json has no final {key}; the run must evaluate the {PruneSettings.TestSplit} split");
        return (Get($"{PruneSettings.TestSplit}_accuracy"), Get($"{PruneSettings.TestSplit}_loss"));
    }

    private string Relative(string dir) => Path.GetRelativePath(_plan.Output, dir);
}
