using Stepwise.Training.Checkpoints;

namespace Stepwise.Training.Tests.Checkpoints;

/// <summary>
/// A kill at a hook point leaves the run folder exactly as it is at that moment. The hooks snapshot the folder at
/// every point; each snapshot, after start-up clean-up, must resume from the previous or the new checkpoint, with
/// no warning and no leftover.
/// </summary>
public class CheckpointCrashPointTests
{
    private sealed class Snapshotter(string runDir, string snapshots) : ICheckpointFaults
    {
        public List<string> Taken { get; } = [];

        public void BeforeFile(string tempDir, string fileName) => Take("before-" + fileName);

        public void BeforeRename(string tempDir, string target) => Take("before-rename");

        private void Take(string label)
        {
            string to = Path.Combine(snapshots, $"{Taken.Count:D2}-{label}");
            CopyTree(runDir, to);
            Taken.Add(to);
        }
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string d in Directory.GetDirectories(from)) CopyTree(d, Path.Combine(to, Path.GetFileName(d)));
        foreach (string f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_kill_at_any_hook_point_resumes_from_the_previous_checkpoint(bool replacing)
    {
        using var dir = new TempDirectory();
        string run = dir.Sub("run");
        var before = new CheckpointStore(run);
        before.Save(10, CheckpointSamples.Files(10, seed: 1));
        if (replacing) before.Save(20, CheckpointSamples.Files(20, seed: 1));
        var snap = new Snapshotter(run, dir.Sub("snapshots"));

        new CheckpointStore(run, snap).Save(20, CheckpointSamples.Files(20, seed: 2));

        Assert.Equal(5, snap.Taken.Count);
        foreach (string s in snap.Taken)
        {
            var store = new CheckpointStore(s);
            store.CleanTemporaries();
            var found = store.FindNewestValid(w => Assert.Fail($"{Path.GetFileName(s)}: {w}"));
            Assert.Equal(replacing ? 20 : 10, found!.Step);
            Assert.Equal(CheckpointSamples.Files(found.Step, seed: 1)[0].Content.ToArray(), store.Load(found)["model.safetensors"]);
            Assert.Empty(CheckpointSamples.TempEntries(s));
        }
        Assert.Equal(CheckpointSamples.Files(20, seed: 2)[0].Content.ToArray(),
            before.Load(before.FindNewestValid(w => Assert.Fail(w))!)["model.safetensors"]);
    }
}
