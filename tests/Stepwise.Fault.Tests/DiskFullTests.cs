using System.Diagnostics;
using System.Globalization;
using Stepwise.Training.Checkpoints;
using Xunit.Abstractions;

namespace Stepwise.Fault.Tests;

/// <summary>
/// A full disk: the run folder on a small tmpfs (Linux, root). The failing save leaves the previous checkpoints intact
/// and no temporary folder, the error names the path and "No space left on device", the exit code is 4, and the run
/// resumes elsewhere to the reference's result.
/// </summary>
public class DiskFullTests(ITestOutputHelper output)
{
    [Fact]
    public void A_full_disk_exits_4_naming_the_path_keeps_the_previous_checkpoint_and_resumes_elsewhere()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            Figures.Write(output, "disk-full", ["disk full: skipped (needs Linux and root to mount a tmpfs)"]);
            return;
        }
        var reference = ReferenceRun.Get();
        // A checkpoint takes about 72 KiB of tmpfs pages; these sizes fail at the start, inside the first save and later.
        int[] sizes = FaultConfig.Full ? [8, 16, 40, 64, 80, 100, 150, 200, 260, 330, 400, 480, 560] : [16, 100, 260];
        var failures = new List<string>();
        int faults = 0, intact = 0, resumed = 0;
        var clock = Stopwatch.StartNew();
        var lines = new List<string>();
        foreach (int kib in sizes)
        {
            string mount = reference.NewFolder($"tmpfs{kib}k");
            if (Sh("mount", $"-t tmpfs -o size={kib}k tmpfs {mount}", out string merr) != 0)
            {
                Figures.Write(output, "disk-full", [$"disk full: skipped (mount -t tmpfs failed: {merr.Trim()})"]);
                return;
            }
            string elsewhere = reference.NewFolder("elsewhere");
            try
            {
                string run = Path.Combine(mount, "run");
                var (code, stdout, err) = InProcess.Run("train", reference.ConfigPath, "--out", run, "--threads", "1", "--quiet");
                string tag = $"tmpfs {kib} KiB";
                var errors = err.Split('\n').Where(l => l.StartsWith("stepwise: error:", StringComparison.Ordinal)).ToList();
                lines.Add($"  {tag}: exit {code}: {errors.FirstOrDefault()?.Trim()}");
                if (code != 4 || errors.Count != 1 || stdout.Length != 0) { failures.Add($"{tag}: expected exit 4 and one error line, got {code}: {err.Trim()}"); continue; }
                if (!errors[0].Contains("No space left on device", StringComparison.Ordinal) || !errors[0].Contains(mount, StringComparison.Ordinal) || err.Contains("   at ", StringComparison.Ordinal))
                {
                    failures.Add($"{tag}: the error must name the path and the cause: {errors[0]}");
                    continue;
                }
                faults++;
                var (problems, newest) = reference.CompareCheckpoints(run, weightsOnly: false);
                if (Directory.Exists(run) && Directory.EnumerateFileSystemEntries(run, CheckpointStore.TempPrefix + "checkpoint_step_*").Any()) problems.Add("a temporary folder is left");
                if (problems.Count > 0) { failures.Add($"{tag}: {string.Join("; ", problems)}"); continue; }
                intact++;

                // Resume elsewhere: copy what the full disk holds, or point --resume at its newest checkpoint.
                string target = Path.Combine(elsewhere, "run");
                string[] args;
                if (newest is { } n && kib % 2 == 0)
                {
                    args = ["train", reference.ConfigPath, "--resume", Path.Combine(run, CheckpointStore.FolderName(n)), "--out", target, "--threads", "1", "--quiet"];
                }
                else
                {
                    if (Directory.Exists(run)) Sh("cp", $"-r {run} {target}", out _);
                    args = ["train", reference.ConfigPath, "--out", target, "--resume", "auto", "--threads", "1", "--quiet"];
                }
                var (rc, _, rerr) = InProcess.Run(args);
                var final = reference.CompareCheckpoints(target, weightsOnly: false).Problems;
                if (rc != 0) final.Add($"resume elsewhere exited {rc}: {rerr.Trim()}");
                else if (!File.ReadAllBytes(Path.Combine(target, "metrics.jsonl")).AsSpan().SequenceEqual(reference.Metrics)) final.Add("metrics.jsonl differs");
                if (!File.Exists(Path.Combine(target, CheckpointStore.FolderName(FaultConfig.TotalSteps), "model.safetensors"))) final.Add("no final checkpoint");
                if (final.Count > 0) failures.Add($"{tag}: {string.Join("; ", final)}");
                else resumed++;
            }
            finally
            {
                if (Sh("umount", mount, out string uerr) != 0) output.WriteLine($"umount {mount} failed: {uerr.Trim()}");
                ReferenceRun.TryDelete(elsewhere);
            }
        }
        Figures.Write(output, "disk-full",
        [
            $"disk full: {sizes.Length} tmpfs sizes ({string.Join(", ", sizes)} KiB)",
            $"  exit 4 naming the path and 'No space left on device': {faults}/{sizes.Length}",
            $"  earlier checkpoints intact, no temporary folder left: {intact}/{sizes.Length}",
            $"  resumed elsewhere to the reference's result: {resumed}/{sizes.Length}",
            $"  failures: {failures.Count}",
            $"  wall time: {clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s",
            .. lines,
            .. failures.Select(f => "  FAIL " + f),
        ]);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static int Sh(string file, string arguments, out string stderr)
    {
        var psi = new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        try
        {
            using var p = Process.Start(psi)!;
            stderr = p.StandardError.ReadToEnd();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            stderr = $"{file}: {e.Message}"; // no mount(8) here: the test is skipped
            return -1;
        }
    }
}
