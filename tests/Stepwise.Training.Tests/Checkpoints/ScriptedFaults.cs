using Stepwise.Training.Checkpoints;

namespace Stepwise.Training.Tests.Checkpoints;

/// <summary>Fault hooks that throw at a chosen point and record every call.</summary>
internal sealed class ScriptedFaults : ICheckpointFaults
{
    public string? ThrowBeforeFile { get; init; }
    public bool ThrowBeforeRename { get; init; }
    public Func<Exception> Make { get; init; } = () => new IOException("simulated I/O error");
    public List<string> Calls { get; } = [];

    public void BeforeFile(string tempDir, string fileName)
    {
        Calls.Add("file:" + fileName);
        Assert.StartsWith(".tmp-checkpoint_step_", Path.GetFileName(tempDir));
        if (fileName == ThrowBeforeFile) throw Make();
    }

    public void BeforeRename(string tempDir, string target)
    {
        Calls.Add("rename:" + Path.GetFileName(target));
        Assert.True(File.Exists(Path.Combine(tempDir, CheckpointStore.MarkerFileName)), "marker is written before the rename");
        if (ThrowBeforeRename) throw Make();
    }
}
