using System.Globalization;
using Stepwise.Configuration;
using Stepwise.Training;
using Stepwise.Training.Loop;
using Stepwise.Training.Runs;
using Stepwise.Training.Setup;

namespace Stepwise.Analysis.Pruning;

/// <summary>
/// <c>stepwise prune</c>'s work (docs/influence.md, "The pruning experiment"): seed 000's multi-stage experiment without
/// its flaws. <see cref="Prepare"/> checks and plans everything before anything is written (the stage windows are the
/// plan's of the run trained once, the retrained runs' plan is re-derived for the kept samples); <see cref="Run"/>
/// performs every repeat (<see cref="RepeatRun"/>) and writes <c>prune_results.json</c>, <c>prune_summary.csv</c> and
/// <c>prune_timing.json</c>, also when a signal or the time limit stops it (then with the rows finished so far; the same
/// request with <see cref="PruneRequest.Resume"/> continues without redoing finished runs or windows).
/// </summary>
public static class PruneExperiment
{
    /// <summary>Checks <paramref name="request"/> and plans the experiment; returns the plan, or one line per problem
    /// (nothing is written either way).</summary>
    public static (PrunePlan? Plan, IReadOnlyList<string> Errors) Prepare(PruneRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (values, bindErrors) = ConfigBinder.Bind(request.Config, RunSchema.Run);
        if (bindErrors.Count > 0) return (null, [.. bindErrors.Select(e => e.ToString())]);
        var (settings, errors) = PruneSettings.Resolve(values, request.Overrides);
        if (settings is null) return (null, errors);
        ulong seed = (ulong)(values.Count("seed") ?? 0);
        if (seed > ulong.MaxValue - (ulong)(settings.Repeats - 1))
            return (null, [Inv($"seed = {seed}: the repeats use seeds {seed}..{seed} + {settings.Repeats - 1}, past the largest seed {ulong.MaxValue}")]);
        var seeds = Enumerable.Range(0, settings.Repeats).Select(r => seed + (ulong)r).ToList();
        var root = PruneConfigs.WithoutPrune(request.Config);
        string? name = PruneConfigs.Name(root);
        var repeat0 = PruneConfigs.Repeat(root, settings, seeds[0], name);
        var (first, setupErrors) = RunSetup.Create(repeat0, request.BaseDirectory);
        if (first is null) return (null, [.. setupErrors.Select(e => e.ToString())]);
        var problems = new List<string>();
        string kind = first.Config.Model.Kind;
        if (kind is not ("logreg" or "mlp"))
            problems.Add($"model.kind = {kind}: stepwise prune scores with exact Hessian-vector products; allowed: logreg, mlp");
        var splits = first.Data.SplitNames;
        if (!splits.Contains(PruneSettings.TestSplit))
            problems.Add($"data.splits: every retrained run is evaluated on a test split, and the data has {string.Join(", ", splits)}; add one (e.g. data.splits: {{ val: 0.143, test: 0.143 }})");
        if (!splits.Contains(settings.Query))
        {
            string? guess = DidYouMean.Suggest(settings.Query, splits);
            problems.Add($"{(request.Overrides.Query is not null ? "--query" : "prune.query")} = {settings.Query}: no such split{(guess is null ? "" : $"; did you mean '{guess}'?")} (the data has: {string.Join(", ", splits)})");
        }
        long n = first.Data.TrainCount, k = settings.PruneCount(n);
        if (k < 1 || k >= n)
            problems.Add(Inv($"{(request.Overrides.Fraction is not null ? "--prune" : "prune.fraction")} = {settings.Fraction}: prunes round({settings.Fraction} × {n}) = {k} of the {n} train samples; allowed: 1..{n - 1} samples"));
        if (problems.Count > 0) return (null, problems);

        // the retrained runs' plan depends on how many samples stay, not on which
        var (kept, keptErrors) = RunSetup.Create(PruneConfigs.Kept(repeat0, [.. Enumerable.Range(0, (int)k).Select(i => (long)i)]), request.BaseDirectory);
        if (kept is null) return (null, [.. keptErrors.Select(e => e.ToString())]);
        string key = RunSetup.Sha256(string.Create(CultureInfo.InvariantCulture,
            $"stepwise.prune/1|{first.ConfigHash}|{settings.Fraction}|{settings.MethodName}|{settings.Repeats}|{settings.Query}"));
        string output = request.OutDirectory ?? RunFolderNames.Default(first, request.ConfigPath, request.TimeLimitOrigin ?? DateTime.UtcNow);
        if (Folder(output, request.Resume, key) is { } refused) return (null, [refused]);
        return (new PrunePlan(request, settings, root, name, seeds, first, PruneGeometry.Of(kept.Plan, kept.Data.TrainCount), k, key, output), []);
    }

    /// <summary>Runs the experiment of <paramref name="plan"/>; <paramref name="stop"/> (signal handlers) and the request's
    /// time limit stop it after the current update, with the results so far written.</summary>
    /// <exception cref="RunInputException">Another process writes the folder (after <see cref="PruneRequest.WaitLock"/>),
    /// or a run folder of the experiment holds a run of another config.</exception>
    /// <exception cref="IOException">A file cannot be written (also <see cref="UnauthorizedAccessException"/> and the
    /// trainer's checkpoint faults).</exception>
    public static PruneOutcome Run(PrunePlan plan, StopSignal stop, IPruneObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(stop);
        using var held = RunLock.Acquire(plan.Output, plan.Request.WaitLock, PruneFolders.Lock);
        RunFiles.WriteAtomic(Path.Combine(plan.Output, PruneFolders.Key), plan.Key + "\n");
        using var timer = Arm(plan.Request, stop);
        var clock = new PruneClock(plan, observer);
        var rows = new List<PruneRow>();
        var seeds = new List<ulong>();
        var noisy = new List<IReadOnlyList<long>>();
        string? stopped = null;
        for (int r = 0; r < plan.Settings.Repeats && stopped is null; r++)
        {
            var repeat = new RepeatRun(plan, r, stop, clock, observer);
            seeds.Add(plan.Seeds[r]);
            bool done = repeat.Run(rows);
            if (repeat.Noisy is { } flipped) noisy.Add(flipped);
            if (!done) stopped = stop.Reason ?? "stopped";
        }
        var results = new PruneResults
        {
            Settings = plan.Settings, StopReason = stopped, Trained = plan.Trained, Retrained = plan.Retrained, PruneCount = plan.PruneCount,
            Seeds = seeds, Noisy = noisy, Rows = rows,
        };
        var files = new List<string>();
        void Write(string name, string text)
        {
            string path = Path.Combine(plan.Output, name);
            RunFiles.WriteAtomic(path, text);
            files.Add(path);
        }
        Write(PruneFolders.Results, PruneResultsJson.Write(results));
        var csv = new StringWriter(CultureInfo.InvariantCulture);
        PruneSummaryCsv.Write(csv, results);
        Write(PruneFolders.Summary, csv.ToString());
        var timing = clock.Timing();
        Write(PruneFolders.Timing, Inv($"{{\"training_seconds\": {timing.TrainingSeconds:R}, \"scoring_seconds\": {timing.ScoringSeconds:R}, \"retraining_seconds\": {timing.RetrainingSeconds:R}, \"total_seconds\": {timing.TotalSeconds:R}}}\n"));
        return new PruneOutcome(results, timing, files);
    }

    /// <summary>Why <paramref name="output"/> cannot be used, or null: a folder holding a run or an experiment needs
    /// <see cref="PruneRequest.Resume"/>, and a resumed one must hold this experiment.</summary>
    private static string? Folder(string output, bool resume, string key)
    {
        string dir = Path.GetFullPath(output);
        string keyFile = Path.Combine(dir, PruneFolders.Key);
        bool experiment = File.Exists(keyFile) || File.Exists(Path.Combine(dir, PruneFolders.Results));
        string? run = RunFolder.Describe(dir);
        if (!resume)
        {
            if (experiment) return $"{output} already holds a pruning experiment; continue it with --resume auto, or give another --out";
            if (run is not null) return $"{output} already holds {run}; give another --out (stepwise prune trains its own runs)";
            return null;
        }
        if (!experiment) return run is null ? null : $"{output} holds {run} that stepwise prune did not start; give another --out";
        string held = File.Exists(keyFile) ? File.ReadAllText(keyFile).Trim() : "";
        return held == key ? null
            : $"{output} holds a pruning experiment of another config or other settings (--stages, --prune, --noise, --method, --repeats, --query); continue it with the same ones, or give another --out";
    }

    private static Timer? Arm(PruneRequest request, StopSignal stop)
    {
        if (request.TimeLimit is not { } limit) return null;
        var due = (request.TimeLimitOrigin ?? DateTime.UtcNow) + limit - DateTime.UtcNow;
        string reason = Inv($"time limit {limit.TotalSeconds:0.###}s");
        if (due <= TimeSpan.Zero)
        {
            stop.Request(reason);
            return null;
        }
        return new Timer(_ => stop.Request(reason), null, due, Timeout.InfiniteTimeSpan);
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
