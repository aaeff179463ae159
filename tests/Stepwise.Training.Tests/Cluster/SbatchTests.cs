using Stepwise.Training.Cluster;
using Stepwise.Training.Tests.Loop;

namespace Stepwise.Training.Tests.Cluster;

/// <summary>Submitting with sbatch --parsable: the job id, or sbatch's refusal in one line (fake sbatch scripts).</summary>
public sealed class SbatchTests : IDisposable
{
    private readonly RunHarness _h = new();

    private string Fake(string body)
    {
        string path = _h.Dir("sbatch-" + Guid.NewGuid().ToString("N")[..6]);
        File.WriteAllText(path, "#!/bin/bash\n" + body + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public void The_id_sbatch_prints_is_returned()
    {
        if (!OperatingSystem.IsLinux()) return;
        string args = _h.Dir("args");
        var id = Sbatch.Submit("/tmp/x y.sbatch", Fake($"printf '%s\\n' \"$@\" > '{args}'; echo '4242;cluster'"));
        Assert.Equal("4242", id.Value);
        Assert.Equal(["--parsable", "/tmp/x y.sbatch"], File.ReadAllLines(args));
    }

    [Fact]
    public void A_refusal_or_a_missing_sbatch_is_one_line()
    {
        if (!OperatingSystem.IsLinux()) return;
        var refused = Sbatch.Submit("s.sbatch", Fake("echo 'sbatch: error: invalid partition specified: gpu' >&2\necho 'line two' >&2; exit 1"));
        Assert.EndsWith(" refused the job (exit 1): sbatch: error: invalid partition specified: gpu line two", refused.Error, StringComparison.Ordinal);
        var missing = Sbatch.Submit("s.sbatch", "/nonexistent/sbatch");
        Assert.StartsWith("cannot run /nonexistent/sbatch", missing.Error, StringComparison.Ordinal);
        Assert.Contains("printed no job id", Sbatch.Submit("s.sbatch", Fake("echo 'Submitted batch job'")).Error, StringComparison.Ordinal);
    }

    public void Dispose() => _h.Dispose();
}
