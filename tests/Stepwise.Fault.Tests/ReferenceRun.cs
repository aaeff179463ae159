using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Stepwise.Training.Checkpoints;

namespace Stepwise.Fault.Tests;

/// <summary>
/// The uninterrupted run every trial is compared with: trained once per test process by the real CLI in a child
/// process, keeping every checkpoint. Holds its files' bytes, its wall time and its final weight hash.
/// </summary>
internal sealed partial class ReferenceRun
{
    private static readonly Lazy<ReferenceRun> Shared = new(() => new ReferenceRun(), LazyThreadSafetyMode.ExecutionAndPublication);

    private ReferenceRun()
    {
        Root = Path.Combine(Path.GetTempPath(), "stepwise-fault-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(Root);
        ConfigPath = Path.Combine(Root, "fault.yaml");
        File.WriteAllText(ConfigPath, FaultConfig.Yaml);
        RunDirectory = Path.Combine(Root, "reference");
        using var p = StepwiseProcess.Start(["train", ConfigPath, "--out", RunDirectory, "--threads", "1"]);
        TimeSpan? started = null;
        p.OnLine(l =>
        {
            if (started is null && l.StartsWith("stepwise: training ", StringComparison.Ordinal)) started = p.Elapsed;
            return true;
        });
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)) || p.ExitCode != 0)
            throw new InvalidOperationException($"the reference run failed: {p.Stderr}");
        Wall = p.Elapsed;
        TrainWall = Wall - (started ?? TimeSpan.Zero);
        foreach (Match m in SavedLine().Matches(p.Stderr))
            MaxSaveMs = Math.Max(MaxSaveMs, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        var checkpoints = new SortedDictionary<long, IReadOnlyDictionary<string, byte[]>>();
        foreach (string dir in Directory.GetDirectories(RunDirectory, CheckpointStore.FolderPrefix + "*"))
        {
            if (!CheckpointStore.TryParseFolderName(Path.GetFileName(dir), out long step)) continue;
            checkpoints[step] = Directory.GetFiles(dir).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes, StringComparer.Ordinal);
        }
        Checkpoints = checkpoints;
        Metrics = File.ReadAllBytes(Path.Combine(RunDirectory, "metrics.jsonl"));
        FinalModelHash = Sha256(Checkpoints[FaultConfig.TotalSteps]["model.safetensors"]);
    }

    /// <summary>The reference (trained on first use).</summary>
    public static ReferenceRun Get() => Shared.Value;

    /// <summary>A temporary folder for the whole test process (deleted at exit).</summary>
    public string Root { get; }

    /// <summary>The config file every trial trains.</summary>
    public string ConfigPath { get; }

    public string RunDirectory { get; }

    /// <summary>Child start to exit.</summary>
    public TimeSpan Wall { get; }

    /// <summary>From the "training" line (signal handlers installed, step 0) to exit.</summary>
    public TimeSpan TrainWall { get; }

    /// <summary>The longest save the reference reported.</summary>
    public int MaxSaveMs { get; }

    /// <summary>Step → file name → bytes, for every checkpoint (the marker included).</summary>
    public IReadOnlyDictionary<long, IReadOnlyDictionary<string, byte[]>> Checkpoints { get; }

    /// <summary>metrics.jsonl.</summary>
    public byte[] Metrics { get; }

    /// <summary>SHA-256 of checkpoint_step_T/model.safetensors.</summary>
    public string FinalModelHash { get; }

    /// <summary>A new empty folder under <see cref="Root"/>.</summary>
    public string NewFolder(string name)
    {
        string dir = Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Copies the reference checkpoint at <paramref name="step"/> into <paramref name="runDirectory"/>.</summary>
    public string CopyCheckpoint(long step, string runDirectory)
    {
        string dir = Path.Combine(runDirectory, CheckpointStore.FolderName(step));
        Directory.CreateDirectory(dir);
        foreach (var (name, bytes) in Checkpoints[step]) File.WriteAllBytes(Path.Combine(dir, name), bytes);
        return dir;
    }

    /// <summary>
    /// Compares every <c>checkpoint_step_N</c> folder of <paramref name="runDirectory"/> with the reference's
    /// (all files byte for byte, or only the weights and optimizer when <paramref name="weightsOnly"/>). Returns the
    /// problems (empty when all match) and the newest step found.
    /// </summary>
    public (List<string> Problems, long? Newest) CompareCheckpoints(string runDirectory, bool weightsOnly)
    {
        var problems = new List<string>();
        long? newest = null;
        var store = new CheckpointStore(runDirectory);
        foreach (var info in store.List())
        {
            string name = CheckpointStore.FolderName(info.Step);
            if (!Checkpoints.TryGetValue(info.Step, out var expected)) { problems.Add($"{name}: the reference has no checkpoint at this step"); continue; }
            var v = store.Validate(info.Path);
            if (!v.IsValid) problems.Add($"{name} is not valid after a kill: {v.Reason}");
            foreach (var (file, bytes) in expected)
            {
                if (weightsOnly && file is not ("model.safetensors" or "optimizer.safetensors")) continue;
                string path = Path.Combine(info.Path, file);
                if (!File.Exists(path)) problems.Add($"{name}/{file} missing");
                else if (!File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes)) problems.Add($"{name}/{file} differs from the reference");
            }
            newest = info.Step;
        }
        return (problems, newest);
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"stepwise: saved checkpoint_step_\d+ \((\d+) ms\)")]
    private static partial Regex SavedLine();
}
