using System.Diagnostics;
using Stepwise.Training.Checkpoints;
using Xunit.Abstractions;

namespace Stepwise.Training.Tests.Checkpoints;

/// <summary>A real full disk: a 64 KiB tmpfs (Linux, root only; otherwise the test says why and returns).</summary>
public class CheckpointDiskFullTests(ITestOutputHelper output)
{
    [Fact]
    public void A_full_disk_gives_CheckpointWriteException_naming_the_path_and_keeps_the_previous_checkpoint()
    {
        using var dir = new TempDirectory();
        string mountPoint = dir.Sub("tmpfs");
        Directory.CreateDirectory(mountPoint);
        if (!TryMount(mountPoint, out string why)) { output.WriteLine("skipped: " + why); return; }
        try
        {
            string run = Path.Combine(mountPoint, "run");
            var store = new CheckpointStore(run);
            var first = store.Save(1, CheckpointSamples.Files(1));

            var big = CheckpointSamples.Files(2, weights: 64 * 1024); // ~256 KiB of weights, four times the space
            var e = Assert.Throws<CheckpointWriteException>(() => store.Save(2, big));
            output.WriteLine(e.Message);

            Assert.Contains("No space left on device", e.Message);
            Assert.StartsWith(run, e.Path);
            Assert.StartsWith($"cannot write checkpoint_step_2: {e.Path}: ", e.Message);
            Assert.Empty(CheckpointSamples.TempEntries(run));
            Assert.False(Directory.Exists(store.PathOf(2)));
            Assert.True(store.Validate(first.Path).IsValid);
            Assert.Equal(1, store.FindNewestValid(w => Assert.Fail(w))!.Step);

            // The space came back with the temp folder: a small save works again.
            Assert.True(store.Validate(store.Save(2, CheckpointSamples.Files(2)).Path).IsValid);
        }
        finally
        {
            Run("umount", mountPoint, out _);
        }
    }

    private static bool TryMount(string mountPoint, out string why)
    {
        why = "";
        if (!OperatingSystem.IsLinux()) { why = "not Linux"; return false; }
        if (!Environment.IsPrivilegedProcess) { why = "not running as root"; return false; }
        if (Run("mount", $"-t tmpfs -o size=64k tmpfs \"{mountPoint}\"", out string err) != 0)
        {
            why = $"mount -t tmpfs failed: {err.Trim()}";
            return false;
        }
        return true;
    }

    private static int Run(string file, string arguments, out string stderr)
    {
        try
        {
            var psi = new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            using var p = Process.Start(psi)!;
            stderr = p.StandardError.ReadToEnd();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            stderr = e.Message;
            return -1;
        }
    }
}
