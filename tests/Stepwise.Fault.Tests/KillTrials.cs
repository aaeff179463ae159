using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Stepwise.Training.Checkpoints;

namespace Stepwise.Fault.Tests;

/// <summary>How a trial chooses its kill moments.</summary>
internal enum KillMode
{
    /// <summary>Uniform over the run's wall time, normal writes.</summary>
    Uniform,

    /// <summary>Uniform over the wall time with slowed checkpoint writes (more moments fall inside a save).</summary>
    UniformSlowWrites,

    /// <summary>Slowed writes; the kill lands at a random offset after a random save's temporary folder appears.</summary>
    InsideWrite,
}

/// <summary>The figures of a batch of kill trials.</summary>
internal sealed class KillFigures
{
    public int Trials, Kills, KillsInsideWrite, KillsBeforeFirstCheckpoint, Resumes, ResumesFromStep0, FinishedBeforeKill, Identical, CheckpointsCompared;
    public TimeSpan Duration;
    public List<string> Failures { get; } = [];

    public IEnumerable<string> Lines(int seed) =>
    [
        $"kill trials: {Trials} (seed {seed})",
        $"  kills (SIGKILL): {Kills}, of which inside a checkpoint write (a .tmp- folder left): {KillsInsideWrite}, before the first checkpoint: {KillsBeforeFirstCheckpoint}",
        $"  attempts that finished before their kill moment: {FinishedBeforeKill}",
        $"  resumes (--resume auto): {Resumes}, of which from step 0 (no checkpoint yet): {ResumesFromStep0}",
        $"  checkpoint folders compared with the reference after kills: {CheckpointsCompared}",
        $"  identical results (final weight hash, metrics.jsonl bytes, every checkpoint): {Identical}/{Trials}",
        $"  failures: {Failures.Count}",
        $"  wall time: {Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s",
    ];
}

/// <summary>
/// Kill trials: start the reference's run, SIGKILL it at a random moment, <c>stepwise train --resume auto</c> (perhaps
/// killed again) until it completes. After every kill, every <c>checkpoint_step_N</c> folder left must equal the
/// reference's byte for byte; every resume must start from the newest of them; the completed run must have the
/// reference's final weights and metrics.jsonl.
/// </summary>
internal sealed partial class KillTrials(ReferenceRun reference, Action<string> log)
{
    private const int SlowMs = 25;

    /// <summary>Runs <paramref name="count"/> trials; trial i draws its moments from a Random seeded with seed and i.</summary>
    public KillFigures Run(int count, int seed, int maxKillsPerTrial)
    {
        var figures = new KillFigures();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            try
            {
                Trial(i, seed, maxKillsPerTrial, figures);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                figures.Failures.Add($"trial {i}: {e.GetType().Name}: {e.Message}");
            }
        }
        figures.Duration = clock.Elapsed;
        return figures;
    }

    private void Trial(int index, int seed, int maxKillsPerTrial, KillFigures figures)
    {
        var rng = new Random(Mix(seed, index));
        var mode = (KillMode)(index % 3);
        bool retention = index % 4 == 3; // keep_last 2: retention deletes checkpoints while the kills land
        int kills = 1 + rng.Next(maxKillsPerTrial);
        string run = reference.NewFolder($"trial{index}");
        string[] extra = retention ? ["--set", "checkpoints.keep_last=2"] : [];
        var env = new Dictionary<string, string>();
        if (mode != KillMode.Uniform) env[FaultHost.SlowFaults.Variable] = SlowMs.ToString(CultureInfo.InvariantCulture);
        double wall = reference.Wall.TotalSeconds + (mode == KillMode.Uniform ? 0 : reference.Checkpoints.Count * FaultConfig.PausesPerSave * SlowMs / 1000.0);
        figures.Trials++;
        string tag = $"trial {index} ({mode}{(retention ? ", keep_last 2" : "")})";
        long? expectedStart = null;
        bool resumed = false, done = false;
        for (int attempt = 0; !done; attempt++)
        {
            string[] args = ["train", reference.ConfigPath, "--out", run, "--threads", "1", .. extra, .. resumed ? new[] { "--resume", "auto" } : []];
            string stderr;
            if (attempt < kills)
            {
                using var p = StepwiseProcess.Start(args, env);
                bool killed = mode == KillMode.InsideWrite ? KillInsideWrite(p, run, rng) : KillAt(p, rng.NextDouble() * wall);
                if (!p.WaitForExit(TimeSpan.FromMinutes(2))) { figures.Failures.Add($"{tag}: attempt {attempt} hung"); return; }
                stderr = p.Stderr;
                if (!CheckResume(tag, attempt, resumed, expectedStart, stderr, figures)) return;
                if (!killed)
                {
                    figures.FinishedBeforeKill++;
                    if (p.ExitCode != 0) { figures.Failures.Add($"{tag}: attempt {attempt} exited {p.ExitCode}: {Last(stderr)}"); return; }
                    done = true;
                    break;
                }
                figures.Kills++;
                bool inside = Directory.Exists(run) && Directory.EnumerateFileSystemEntries(run, CheckpointStore.TempPrefix + "checkpoint_step_*").Any();
                if (inside) figures.KillsInsideWrite++;
                var (problems, newest) = reference.CompareCheckpoints(run, weightsOnly: retention);
                figures.CheckpointsCompared += Directory.Exists(run) ? new CheckpointStore(run).List().Count : 0;
                if (problems.Count > 0)
                {
                    figures.Failures.Add($"{tag}: after kill {figures.Kills} (attempt {attempt}{(inside ? ", inside a write" : "")}): {string.Join("; ", problems)}");
                    return;
                }
                if (newest is null) figures.KillsBeforeFirstCheckpoint++;
                expectedStart = newest;
                resumed = true;
                continue;
            }
            // The last attempt runs to the end in memory (the same CLI code, no kill to deliver).
            var (code, _, err) = InProcess.Run(args);
            stderr = err;
            if (!CheckResume(tag, attempt, resumed, expectedStart, stderr, figures)) return;
            if (code != 0) { figures.Failures.Add($"{tag}: final attempt exited {code}: {Last(stderr)}"); return; }
            done = true;
        }
        var final = Compare(run, retention);
        if (final.Count > 0) figures.Failures.Add($"{tag}: {string.Join("; ", final)}");
        else figures.Identical++;
        log($"{tag}: {kills} kill(s) planned, identical: {final.Count == 0}");
        ReferenceRun.TryDelete(run);
    }

    /// <summary>A resumed attempt that reached training must have started at the newest checkpoint the kill left.</summary>
    private static bool CheckResume(string tag, int attempt, bool resumed, long? expected, string stderr, KillFigures figures)
    {
        if (stderr.Contains(" is corrupt", StringComparison.Ordinal))
        {
            figures.Failures.Add($"{tag}: attempt {attempt} found a corrupt checkpoint after a kill: {Line(stderr, " is corrupt")}");
            return false;
        }
        var m = TrainingLine().Match(stderr);
        if (!m.Success) return true; // killed before it chose a checkpoint
        long start = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        if (!resumed) return true;
        figures.Resumes++;
        if (start == 0) figures.ResumesFromStep0++;
        if (start != (expected ?? 0))
        {
            figures.Failures.Add($"{tag}: attempt {attempt} resumed at step {start}, the newest valid checkpoint left by the kill is {(expected is { } e ? e.ToString(CultureInfo.InvariantCulture) : "none")}");
            return false;
        }
        if (expected is { } s && !stderr.Contains($"resuming from {CheckpointStore.FolderName(s)} ", StringComparison.Ordinal))
        {
            figures.Failures.Add($"{tag}: attempt {attempt} did not say 'resuming from {CheckpointStore.FolderName(s)}'");
            return false;
        }
        return true;
    }

    private List<string> Compare(string run, bool retention)
    {
        var problems = reference.CompareCheckpoints(run, weightsOnly: retention).Problems;
        string finalModel = Path.Combine(run, CheckpointStore.FolderName(FaultConfig.TotalSteps), "model.safetensors");
        if (!File.Exists(finalModel)) problems.Add("no final checkpoint");
        else if (ReferenceRun.Sha256(File.ReadAllBytes(finalModel)) != reference.FinalModelHash) problems.Add("final weight hash differs");
        string metrics = Path.Combine(run, "metrics.jsonl");
        if (!File.Exists(metrics) || !File.ReadAllBytes(metrics).AsSpan().SequenceEqual(reference.Metrics)) problems.Add("metrics.jsonl differs");
        foreach (string f in new[] { "metrics.csv", "run.json", "plan.json" })
        {
            if (retention && f == "plan.json") continue;
            string mine = Path.Combine(run, f), theirs = Path.Combine(reference.RunDirectory, f);
            if (!File.Exists(mine) || !File.ReadAllBytes(mine).AsSpan().SequenceEqual(File.ReadAllBytes(theirs))) problems.Add($"{f} differs");
        }
        if (Directory.EnumerateFileSystemEntries(run, CheckpointStore.TempPrefix + "*").Any()) problems.Add("a temporary folder is left after completion");
        if (retention)
        {
            int kept = new CheckpointStore(run).List().Count;
            if (kept != 2) problems.Add($"keep_last 2 left {kept} checkpoints");
        }
        return problems;
    }

    /// <summary>SIGKILL after <paramref name="seconds"/>; false when the child exited first.</summary>
    private static bool KillAt(StepwiseProcess p, double seconds)
    {
        var due = TimeSpan.FromSeconds(seconds);
        while (p.Elapsed < due)
        {
            if (p.HasExited) return false;
            var left = due - p.Elapsed;
            Thread.Sleep(left > TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        return p.Signal(StepwiseProcess.SigKill);
    }

    /// <summary>SIGKILL at a random offset into a random save: when its temporary folder appears (inotify), plus up to one save's slowed duration.</summary>
    private static bool KillInsideWrite(StepwiseProcess p, string run, Random rng)
    {
        Directory.CreateDirectory(run);
        int target = 1 + rng.Next(3);
        double offset = rng.NextDouble() * FaultConfig.PausesPerSave * SlowMs / 1000.0;
        int seen = 0;
        using var hit = new ManualResetEventSlim();
        using var watcher = new FileSystemWatcher(run) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.DirectoryName };
        watcher.Created += (_, e) =>
        {
            if (e.Name is { } n && n.StartsWith(CheckpointStore.TempPrefix + CheckpointStore.FolderPrefix, StringComparison.Ordinal)
                && !n.EndsWith(".replaced", StringComparison.Ordinal) && !n.EndsWith(".deleting", StringComparison.Ordinal)
                && Interlocked.Increment(ref seen) == target)
                hit.Set();
        };
        try
        {
            watcher.EnableRaisingEvents = true;
        }
        catch (IOException)
        {
            // inotify unavailable (instance limit): fall back to a uniform moment with the slowed writes
            return KillAt(p, rng.NextDouble() * 2);
        }
        while (!hit.Wait(20))
        {
            if (p.HasExited) return false;
        }
        var due = TimeSpan.FromSeconds(offset);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < due)
        {
            if (p.HasExited) return false;
            Thread.Sleep(2);
        }
        return p.Signal(StepwiseProcess.SigKill);
    }

    /// <summary>splitmix64 of (seed, index): nearby seeds give unrelated streams (System.Random's are correlated).</summary>
    internal static int Mix(int seed, int index)
    {
        ulong z = unchecked(((ulong)(uint)seed << 32 | (uint)index) + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }

    private static string Last(string stderr) => stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? "";

    private static string Line(string stderr, string fragment) =>
        stderr.Split('\n').FirstOrDefault(l => l.Contains(fragment, StringComparison.Ordinal))?.Trim() ?? "";

    [GeneratedRegex(@"stepwise: training .*: step (\d+) of \d+")]
    private static partial Regex TrainingLine();
}
