using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Stepwise.Slurm.Tests;

/// <summary>
/// The single-node Slurm of <c>scripts/slurm-local.sh</c>, started once per test process (on first use) in a fresh
/// temporary folder and stopped by its pids at exit. <see cref="Unavailable"/> says why it could not start (not Linux,
/// not root, packages missing, a daemon that did not come up).
/// </summary>
internal sealed partial class SlurmCluster
{
    private static readonly Lazy<SlurmCluster> Instance = new(() => new SlurmCluster(), LazyThreadSafetyMode.ExecutionAndPublication);

    private SlurmCluster()
    {
        if (!OperatingSystem.IsLinux()) { Unavailable = "not Linux"; return; }
        if (System.Environment.UserName != "root" && Run("id", ["-u"]).Out.Trim() != "0") { Unavailable = "not root (slurmd starts jobs as their owner)"; return; }
        var missing = new[] { "munged", "slurmctld", "slurmd", "sbatch", "scontrol", "squeue" }.Where(c => Run("sh", ["-c", $"command -v {c}"]).Code != 0).ToList();
        if (missing.Count > 0) { Unavailable = $"{string.Join(", ", missing)} not installed (apt-get install -y slurm-wlm munge)"; return; }
        // STEPWISE_SLURM_ROOT (set by .ci/run): where the instance's folder goes, so CI can stop leftovers by their pids.
        string root = System.Environment.GetEnvironmentVariable("STEPWISE_SLURM_ROOT") is { Length: > 0 } r ? r : Path.GetTempPath();
        Directory = Path.Combine(root, "stepwise-slurm." + Guid.NewGuid().ToString("N")[..10]);
        var start = Run("bash", [Script, "start"], new() { ["STEPWISE_SLURM_DIR"] = Directory }, TimeSpan.FromSeconds(120));
        var conf = ConfLine().Match(start.Out);
        if (start.Code != 0 || !conf.Success)
        {
            Unavailable = $"scripts/slurm-local.sh start exited {start.Code}: {start.Err.Trim().ReplaceLineEndings(" | ")}";
            Stop();
            return;
        }
        Conf = conf.Groups[1].Value;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
    }

    /// <summary>The cluster (started on first use).</summary>
    public static SlurmCluster Shared => Instance.Value;

    /// <summary>Why there is no cluster, or null.</summary>
    public string? Unavailable { get; }

    /// <summary>The instance's folder (slurm.conf, logs, pids).</summary>
    public string Directory { get; } = "";

    /// <summary>SLURM_CONF for the clients.</summary>
    public string Conf { get; } = "";

    /// <summary>The repository's scripts/slurm-local.sh.</summary>
    public static string Script => Path.Combine(RepoRoot, "scripts", "slurm-local.sh");

    /// <summary>The repository root (the folder holding Stepwise.slnx).</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Stepwise.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Stepwise.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The CLI in this test project's output folder.</summary>
    public static string StepwiseDll => Path.Combine(AppContext.BaseDirectory, "stepwise.dll");

    /// <summary>The CLI with injected checkpoint-write faults (tests/Stepwise.FaultHost: slowed writes when
    /// <see cref="FaultHost.SlowFaults.Variable"/> is set), for jobs that must outlast their time limit.</summary>
    public static string FaultHostDll => Path.Combine(AppContext.BaseDirectory, "stepwise-faulthost.dll");

    /// <summary>The environment of a Slurm client (and so of the jobs it submits): SLURM_CONF, and dotnet on PATH.</summary>
    public Dictionary<string, string> Environment(Dictionary<string, string>? more = null)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["SLURM_CONF"] = Conf };
        string? dotnet = System.Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? Path.GetDirectoryName(p) : null;
        if (dotnet is not null) env["PATH"] = dotnet + ":" + System.Environment.GetEnvironmentVariable("PATH");
        foreach (var (k, v) in more ?? []) env[k] = v;
        return env;
    }

    /// <summary>The job's records as <c>scontrol show job</c> prints them (one per array task), as key → value.</summary>
    public IReadOnlyList<Dictionary<string, string>> Show(string jobId)
    {
        var r = Run("scontrol", ["show", "job", jobId], Environment());
        var records = new List<Dictionary<string, string>>();
        foreach (string block in r.Out.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match m in Field().Matches(block)) fields.TryAdd(m.Groups[1].Value, m.Groups[2].Value);
            if (fields.ContainsKey("JobId")) records.Add(fields);
        }
        return records;
    }

    /// <summary>Waits until the job (every task of an array) has left the queue; false on timeout (the job is then cancelled).</summary>
    public bool WaitGone(string jobId, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var q = Run("squeue", ["-h", "-j", jobId, "-o", "%i %T"], Environment());
            if (q.Code == 0 && q.Out.Trim().Length == 0) return true;
            Thread.Sleep(2000);
        }
        Run("scancel", [jobId], Environment());
        return false;
    }

    /// <summary>The last lines of the controller's and the node daemon's logs, for a failure message.</summary>
    public string LogTail(int lines = 15) =>
        string.Join("\n", new[] { "slurmctld.log", "slurmd.log" }.Select(f => Path.Combine(Directory, "log", f)).Where(File.Exists)
            .Select(f => $"--- {Path.GetFileName(f)}\n" + string.Join("\n", File.ReadLines(f).TakeLast(lines))));

    private void Stop()
    {
        if (Directory.Length == 0 || !System.IO.Directory.Exists(Directory)) return;
        Run("bash", [Script, "stop", Directory], null, TimeSpan.FromSeconds(60));
    }

    /// <summary>Runs a program; its exit code, stdout and stderr.</summary>
    public static (int Code, string Out, string Err) Run(string file, IEnumerable<string> args, Dictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? []) psi.Environment[k] = v;
        try
        {
            using var p = Process.Start(psi)!;
            var o = p.StandardOutput.ReadToEndAsync();
            var e = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
            {
                p.Kill(entireProcessTree: true);
                return (124, o.Result, e.Result + $"\n{file}: timed out");
            }
            p.WaitForExit();
            return (p.ExitCode, o.Result, e.Result);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (127, "", $"{file}: {ex.Message}");
        }
    }

    [GeneratedRegex(@"^export SLURM_CONF=(.+)$", RegexOptions.Multiline)]
    private static partial Regex ConfLine();

    [GeneratedRegex(@"(\w+)=(\S*)")]
    private static partial Regex Field();
}
