using System.Security.Cryptography;
using System.Text.Json;
using Stepwise.Training.Checkpoints;

namespace Stepwise.Training.Tests.Checkpoints;

public class CheckpointStoreSaveTests
{
    [Fact]
    public void Save_writes_the_files_and_the_marker_into_checkpoint_step_N_and_Load_returns_them()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Sub("run"));
        var files = CheckpointSamples.Files(120);
        var info = store.Save(120, files);

        Assert.Equal(new CheckpointInfo(120, Path.Combine(dir.Sub("run"), "checkpoint_step_120"), false), info);
        Assert.Equal(["checkpoint_step_120"], CheckpointSamples.Entries(dir.Sub("run")));
        Assert.Equal([CheckpointStore.MarkerFileName, "model.safetensors", "optimizer.safetensors", "trainer_state.json"],
            CheckpointSamples.Entries(info.Path));
        Assert.True(store.Validate(info.Path).IsValid);
        var loaded = store.Load(info);
        Assert.Equal(files.Select(f => f.Name).Order(StringComparer.Ordinal), loaded.Keys.Order(StringComparer.Ordinal));
        foreach (var f in files) Assert.Equal(f.Content.ToArray(), loaded[f.Name]);
        Assert.Equal(24, SafeTensors.Read(loaded["model.safetensors"]).ReadF32("l0.weight").Length);
    }

    [Fact]
    public void Marker_records_version_step_permanent_and_size_and_sha256_per_file()
    {
        using var dir = new TempDirectory();
        var files = CheckpointSamples.Files(7);
        var info = new CheckpointStore(dir.Path).Save(7, files, permanent: true);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(info.Path, CheckpointStore.MarkerFileName)));
        var root = doc.RootElement;
        Assert.Equal("stepwise-checkpoint", root.GetProperty("format").GetString());
        Assert.Equal(1, root.GetProperty("format_version").GetInt32());
        Assert.Equal(7, root.GetProperty("step").GetInt64());
        Assert.True(root.GetProperty("permanent").GetBoolean());
        Assert.Equal(64, root.GetProperty("marker_sha256").GetString()!.Length);
        var listed = root.GetProperty("files").EnumerateObject().ToList();
        Assert.Equal(files.Select(f => f.Name).Order(StringComparer.Ordinal), listed.Select(p => p.Name));
        foreach (var f in files)
        {
            var e = root.GetProperty("files").GetProperty(f.Name);
            Assert.Equal(f.Content.Length, e.GetProperty("size").GetInt64());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(f.Content.Span)), e.GetProperty("sha256").GetString());
        }
        Assert.True(Assert.Single(new CheckpointStore(dir.Path).List()).Permanent);
    }

    [Fact]
    public void Hooks_run_before_each_file_with_the_marker_last_then_before_the_rename()
    {
        using var dir = new TempDirectory();
        var faults = new ScriptedFaults();
        new CheckpointStore(dir.Path, faults).Save(3, CheckpointSamples.Files(3));
        Assert.Equal(["file:model.safetensors", "file:optimizer.safetensors", "file:trainer_state.json",
            "file:" + CheckpointStore.MarkerFileName, "rename:checkpoint_step_3"], faults.Calls);
    }

    public static TheoryData<string?, bool> FaultPoints() => new()
    {
        { "model.safetensors", false }, { "optimizer.safetensors", false }, { "trainer_state.json", false },
        { CheckpointStore.MarkerFileName, false }, { null, true },
    };

    [Theory]
    [MemberData(nameof(FaultPoints))]
    public void An_IO_fault_anywhere_leaves_no_target_no_temp_folder_and_earlier_checkpoints_intact(string? file, bool beforeRename)
    {
        using var dir = new TempDirectory();
        new CheckpointStore(dir.Path).Save(1, CheckpointSamples.Files(1));
        var store = new CheckpointStore(dir.Path, new ScriptedFaults { ThrowBeforeFile = file, ThrowBeforeRename = beforeRename });

        var e = Assert.Throws<CheckpointWriteException>(() => store.Save(2, CheckpointSamples.Files(2)));

        Assert.StartsWith($"cannot write checkpoint_step_2: {e.Path}: simulated I/O error", e.Message);
        Assert.StartsWith(dir.Path, e.Path);
        Assert.Equal(2, e.Step);
        Assert.IsType<IOException>(e.InnerException);
        Assert.Equal(["checkpoint_step_1"], CheckpointSamples.Entries(dir.Path));
        Assert.Equal(1, store.FindNewestValid(w => Assert.Fail(w))!.Step);
    }

    [Fact]
    public void A_non_IO_fault_propagates_unwrapped_and_still_removes_the_temp_folder()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path, new ScriptedFaults { ThrowBeforeRename = true, Make = () => new InvalidOperationException("bug") });
        Assert.Equal("bug", Assert.Throws<InvalidOperationException>(() => store.Save(2, CheckpointSamples.Files(2))).Message);
        Assert.Empty(CheckpointSamples.Entries(dir.Path));
    }

    [Fact]
    public void A_valid_checkpoint_at_the_target_is_replaced_and_a_failed_replacement_keeps_the_old_one()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path);
        var info = store.Save(5, CheckpointSamples.Files(5, seed: 1));
        store.Save(5, CheckpointSamples.Files(5, seed: 2));
        Assert.Equal(CheckpointSamples.Files(5, seed: 2)[0].Content.ToArray(), store.Load(info)["model.safetensors"]);
        Assert.Equal(["checkpoint_step_5"], CheckpointSamples.Entries(dir.Path));

        var failing = new CheckpointStore(dir.Path, new ScriptedFaults { ThrowBeforeRename = true });
        Assert.Throws<CheckpointWriteException>(() => failing.Save(5, CheckpointSamples.Files(5, seed: 3)));
        Assert.Equal(CheckpointSamples.Files(5, seed: 2)[0].Content.ToArray(), store.Load(info)["model.safetensors"]);
        Assert.Equal(["checkpoint_step_5"], CheckpointSamples.Entries(dir.Path));
    }

    [Fact]
    public void An_invalid_folder_at_the_target_is_moved_aside_as_corrupt_1_then_corrupt_2()
    {
        using var dir = new TempDirectory();
        var warnings = new List<string>();
        var store = new CheckpointStore(dir.Path) { Warn = warnings.Add };
        Directory.CreateDirectory(dir.Sub("checkpoint_step_5"));
        File.WriteAllText(Path.Combine(dir.Sub("checkpoint_step_5"), "model.safetensors"), "half-written");

        var info = store.Save(5, CheckpointSamples.Files(5));
        Assert.Equal(["checkpoint_step_5", "checkpoint_step_5.corrupt-1"], CheckpointSamples.Entries(dir.Path));
        Assert.Equal("half-written", File.ReadAllText(Path.Combine(dir.Sub("checkpoint_step_5.corrupt-1"), "model.safetensors")));
        Assert.Equal("checkpoint_step_5 is corrupt: marker missing (checkpoint.complete.json); moved aside to checkpoint_step_5.corrupt-1", Assert.Single(warnings));

        File.Delete(Path.Combine(info.Path, "optimizer.safetensors"));
        store.Save(5, CheckpointSamples.Files(5));
        Assert.Equal(["checkpoint_step_5", "checkpoint_step_5.corrupt-1", "checkpoint_step_5.corrupt-2"], CheckpointSamples.Entries(dir.Path));
        Assert.EndsWith("optimizer.safetensors missing; moved aside to checkpoint_step_5.corrupt-2", warnings[1]);
        Assert.True(store.Validate(info.Path).IsValid);
        Assert.Equal([5L], store.List().Select(c => c.Step));
    }

    [Fact]
    public void A_file_at_the_target_name_is_moved_aside_too()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Sub("checkpoint_step_9"), "junk");
        var info = new CheckpointStore(dir.Path).Save(9, CheckpointSamples.Files(9));
        Assert.True(new CheckpointStore(dir.Path).Validate(info.Path).IsValid);
        Assert.Equal("junk", File.ReadAllText(dir.Sub("checkpoint_step_9.corrupt-1")));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("checkpoint.complete.json")]
    [InlineData("line\nbreak")]
    public void Save_rejects_bad_file_names(string name)
    {
        using var dir = new TempDirectory();
        Assert.Throws<ArgumentException>(() => new CheckpointStore(dir.Path).Save(1, [new CheckpointFile(name, new byte[] { 1 })]));
        Assert.Empty(CheckpointSamples.Entries(dir.Path));
    }

    [Fact]
    public void Save_rejects_no_files_duplicates_and_negative_steps()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path);
        Assert.Throws<ArgumentException>(() => store.Save(1, []));
        Assert.Throws<ArgumentException>(() => store.Save(1, [new("a", new byte[1]), new("a", new byte[1])]));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Save(-1, CheckpointSamples.Files(1)));
    }

    [Theory]
    [InlineData(0L, "checkpoint_step_0")]
    [InlineData(1500L, "checkpoint_step_1500")]
    [InlineData(long.MaxValue, "checkpoint_step_9223372036854775807")]
    public void FolderName_is_not_padded_and_parses_back(long step, string name)
    {
        Assert.Equal(name, CheckpointStore.FolderName(step));
        Assert.True(CheckpointStore.TryParseFolderName(name, out long back));
        Assert.Equal(step, back);
    }

    [Theory]
    [InlineData("checkpoint_step_007")]
    [InlineData("checkpoint_step_")]
    [InlineData("checkpoint_step_-1")]
    [InlineData("checkpoint_step_+1")]
    [InlineData("checkpoint_step_1.corrupt-1")]
    [InlineData("checkpoint_step_99999999999999999999")]
    [InlineData(".tmp-checkpoint_step_1-abc")]
    [InlineData("checkpoint-1")]
    public void TryParseFolderName_rejects_other_names(string name) => Assert.False(CheckpointStore.TryParseFolderName(name, out _));

    [Fact]
    public void List_returns_checkpoint_folders_valid_or_not_by_step_and_ignores_everything_else()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path);
        store.Save(20, CheckpointSamples.Files(20));
        store.Save(3, CheckpointSamples.Files(3), permanent: true);
        foreach (string name in new[] { "checkpoint_step_100", ".tmp-checkpoint_step_200-x", "checkpoint_step_300.corrupt-1", "checkpoint_step_0400", "logs" })
            Directory.CreateDirectory(dir.Sub(name));
        File.WriteAllText(dir.Sub("checkpoint_step_500"), "a file, not a folder");
        Assert.Equal([(3L, true), (20L, false), (100L, false)], store.List().Select(c => (c.Step, c.Permanent)));
        Assert.Empty(new CheckpointStore(dir.Sub("missing")).List());
    }

    [Fact]
    public void Validate_rejects_a_checkpoint_copied_under_another_step_and_a_non_checkpoint_name()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path);
        var info = store.Save(1, CheckpointSamples.Files(1));
        Directory.CreateDirectory(dir.Sub("checkpoint_step_3"));
        foreach (string f in Directory.GetFiles(info.Path)) File.Copy(f, Path.Combine(dir.Sub("checkpoint_step_3"), Path.GetFileName(f)));
        Assert.Equal("marker invalid (checkpoint.complete.json): it says step 1, the folder is step 3", store.Validate(dir.Sub("checkpoint_step_3")).Reason);
        Assert.Contains("is not a checkpoint_step_N folder name", store.Validate(dir.Path).Reason);
        Assert.Equal("folder missing", store.Validate(dir.Sub("checkpoint_step_4")).Reason);
    }
}
