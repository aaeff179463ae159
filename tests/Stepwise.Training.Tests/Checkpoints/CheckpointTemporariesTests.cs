using Stepwise.Training.Checkpoints;

namespace Stepwise.Training.Tests.Checkpoints;

/// <summary>What a killed process leaves behind, and how start-up cleans it.</summary>
public class CheckpointTemporariesTests
{
    [Fact]
    public void CleanTemporaries_removes_stale_temp_folders_and_files_and_leaves_checkpoints_alone()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path);
        store.Save(1, CheckpointSamples.Files(1));
        Directory.CreateDirectory(dir.Sub("checkpoint_step_2")); // half-written by hand: evidence, not a temporary
        string partial = dir.Sub(".tmp-checkpoint_step_3-0123456789ab");
        Directory.CreateDirectory(partial);
        File.WriteAllBytes(Path.Combine(partial, "model.safetensors"), new byte[100]);
        Directory.CreateDirectory(dir.Sub(".tmp-checkpoint_step_4-aaaaaaaaaaaa.deleting"));
        File.WriteAllText(dir.Sub(".tmp-stray"), "x");

        var removed = store.CleanTemporaries();

        Assert.Equal([".tmp-checkpoint_step_3-0123456789ab", ".tmp-checkpoint_step_4-aaaaaaaaaaaa.deleting", ".tmp-stray"], removed);
        Assert.Equal(["checkpoint_step_1", "checkpoint_step_2"], CheckpointSamples.Entries(dir.Path));
        Assert.True(store.Validate(dir.Sub("checkpoint_step_1")).IsValid);
        Assert.Empty(new CheckpointStore(dir.Sub("missing")).CleanTemporaries());
    }

    [Fact]
    public void A_complete_but_unrenamed_temp_folder_is_removed_not_promoted()
    {
        using var dir = new TempDirectory();
        // A kill just before the rename leaves a complete temp folder; the hook copies it to where it would be.
        var spy = new CopyBeforeRename(dir.Sub(".tmp-checkpoint_step_5-ffffffffffff"));
        Assert.Throws<CheckpointWriteException>(() => new CheckpointStore(dir.Path, spy).Save(5, CheckpointSamples.Files(5)));
        Assert.True(Directory.Exists(spy.Copy));
        new CheckpointStore(dir.Path).CleanTemporaries();
        Assert.Empty(CheckpointSamples.Entries(dir.Path));
    }

    [Fact]
    public void A_replacement_interrupted_between_its_renames_is_restored()
    {
        using var dir = new TempDirectory();
        var warnings = new List<string>();
        var store = new CheckpointStore(dir.Path) { Warn = warnings.Add };
        var info = store.Save(8, CheckpointSamples.Files(8, seed: 1));
        // The state after "rename old aside" and before "rename new in".
        string aside = dir.Sub(".tmp-checkpoint_step_8-0a0a0a0a0a0a.replaced");
        Directory.Move(info.Path, aside);
        Directory.CreateDirectory(dir.Sub(".tmp-checkpoint_step_8-0a0a0a0a0a0a"));

        store.CleanTemporaries();

        Assert.Equal(["checkpoint_step_8"], CheckpointSamples.Entries(dir.Path));
        Assert.Equal(CheckpointSamples.Files(8, seed: 1)[0].Content.ToArray(), store.Load(info)["model.safetensors"]);
        Assert.Contains("restored checkpoint_step_8", Assert.Single(warnings));
    }

    [Fact]
    public void A_replaced_folder_is_deleted_when_the_new_checkpoint_made_it()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path);
        var info = store.Save(8, CheckpointSamples.Files(8, seed: 1));
        string aside = dir.Sub(".tmp-checkpoint_step_8-0a0a0a0a0a0a.replaced");
        Directory.CreateDirectory(aside);
        foreach (string f in Directory.GetFiles(info.Path)) File.Copy(f, Path.Combine(aside, Path.GetFileName(f)));
        store.Save(8, CheckpointSamples.Files(8, seed: 2)); // replaces normally; the stale copy is older
        store.CleanTemporaries();
        Assert.Equal(["checkpoint_step_8"], CheckpointSamples.Entries(dir.Path));
        Assert.Equal(CheckpointSamples.Files(8, seed: 2)[0].Content.ToArray(), store.Load(info)["model.safetensors"]);
    }

    /// <summary>Copies the complete temp folder just before the rename, then fails the save.</summary>
    private sealed class CopyBeforeRename(string copy) : ICheckpointFaults
    {
        public string Copy => copy;

        public void BeforeFile(string tempDir, string fileName) { }

        public void BeforeRename(string tempDir, string target)
        {
            Directory.CreateDirectory(copy);
            foreach (string f in Directory.GetFiles(tempDir)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
            throw new IOException("killed");
        }
    }
}
