using Stepwise.Training.Checkpoints;

namespace Stepwise.Training.Tests.Checkpoints;

/// <summary>Every corruption kind of every checkpoint file is detected, named, and skipped with the fallback warning.</summary>
public class CheckpointCorruptionTests
{
    public enum Corruption { Truncate, ZeroFill, FlipBit, Delete }

    private static readonly string[] AllFiles = [.. CheckpointSamples.FileNames, CheckpointStore.MarkerFileName];

    public static TheoryData<string, Corruption> Cases()
    {
        var data = new TheoryData<string, Corruption>();
        foreach (string f in AllFiles)
            foreach (var c in Enum.GetValues<Corruption>()) data.Add(f, c);
        return data;
    }

    internal static void Corrupt(string path, Corruption kind, Random rng)
    {
        byte[] bytes = File.ReadAllBytes(path);
        switch (kind)
        {
            case Corruption.Truncate: File.WriteAllBytes(path, bytes[..rng.Next(0, bytes.Length)]); break;
            case Corruption.ZeroFill: File.WriteAllBytes(path, new byte[bytes.Length]); break;
            case Corruption.FlipBit:
                int bit = rng.Next(bytes.Length * 8);
                bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                File.WriteAllBytes(path, bytes);
                break;
            case Corruption.Delete: File.Delete(path); break;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Corruption_is_detected_named_and_skipped_with_the_fallback_warning(string file, Corruption kind)
    {
        for (int seed = 0; seed < 8; seed++)
        {
            using var dir = new TempDirectory();
            var store = new CheckpointStore(dir.Path);
            store.Save(1, CheckpointSamples.Files(1));
            var newest = store.Save(2, CheckpointSamples.Files(2));
            Corrupt(Path.Combine(newest.Path, file), kind, new Random(seed));

            var v = store.Validate(newest.Path);
            Assert.False(v.IsValid);
            Assert.Contains(file, v.Reason);
            Assert.DoesNotContain('\n', v.Reason!);
            Assert.Contains(ExpectedFragment(file, kind), v.Reason);

            var warnings = new List<string>();
            Assert.Equal(1, store.FindNewestValid(warnings.Add)!.Step);
            Assert.Equal($"checkpoint_step_2 is corrupt: {v.Reason}; falling back to checkpoint_step_1", Assert.Single(warnings));

            var e = Assert.Throws<CheckpointFormatException>(() => store.Load(newest));
            Assert.Equal($"checkpoint_step_2 is corrupt: {v.Reason}", e.Message);
            Assert.Null(store.FindValid(2, w => Assert.Equal($"checkpoint_step_2 is corrupt: {v.Reason}", w)));
            if (kind is Corruption.Delete or Corruption.ZeroFill) break; // deterministic: one run is enough
        }
    }

    private static string ExpectedFragment(string file, Corruption kind) => (file, kind) switch
    {
        (CheckpointStore.MarkerFileName, Corruption.Delete) => "marker missing (checkpoint.complete.json)",
        (CheckpointStore.MarkerFileName, _) => "marker invalid (checkpoint.complete.json): ",
        (_, Corruption.Delete) => $"{file} missing",
        (_, Corruption.Truncate) => $"{file} has ",
        _ => $"{file} checksum mismatch",
    };

    [Fact]
    public void Every_single_bit_flip_in_the_marker_is_detected()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path);
        var info = store.Save(12, CheckpointSamples.Files(12), permanent: true);
        string marker = Path.Combine(info.Path, CheckpointStore.MarkerFileName);
        byte[] original = File.ReadAllBytes(marker);
        for (int bit = 0; bit < original.Length * 8; bit++)
        {
            byte[] flipped = (byte[])original.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            File.WriteAllBytes(marker, flipped);
            var v = store.Validate(info.Path);
            Assert.False(v.IsValid, $"bit {bit} of the marker flipped went undetected");
            Assert.Contains(CheckpointStore.MarkerFileName, v.Reason);
        }
        File.WriteAllBytes(marker, original);
        Assert.True(store.Validate(info.Path).IsValid);
    }

    [Fact]
    public void A_folder_without_a_marker_is_never_returned()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path);
        store.Save(1, CheckpointSamples.Files(1));
        var two = store.Save(2, CheckpointSamples.Files(2));
        File.Delete(Path.Combine(two.Path, CheckpointStore.MarkerFileName));
        var warnings = new List<string>();
        Assert.Equal(1, store.FindNewestValid(warnings.Add)!.Step);
        Assert.Equal("checkpoint_step_2 is corrupt: marker missing (checkpoint.complete.json); falling back to checkpoint_step_1", Assert.Single(warnings));
    }

    [Fact]
    public void Several_corrupt_folders_each_warn_once_naming_the_actual_fallback()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path);
        store.Save(10, CheckpointSamples.Files(10));
        var twenty = store.Save(20, CheckpointSamples.Files(20));
        var thirty = store.Save(30, CheckpointSamples.Files(30));
        File.Delete(Path.Combine(twenty.Path, "trainer_state.json"));
        File.WriteAllBytes(Path.Combine(thirty.Path, "model.safetensors"), [1, 2, 3]);
        var warnings = new List<string>();
        Assert.Equal(10, store.FindNewestValid(warnings.Add)!.Step);
        Assert.Equal([
            "checkpoint_step_30 is corrupt: model.safetensors has 3 bytes, marker says " + CheckpointSamples.Files(30)[0].Content.Length + "; falling back to checkpoint_step_10",
            "checkpoint_step_20 is corrupt: trainer_state.json missing; falling back to checkpoint_step_10",
        ], warnings);
    }

    [Fact]
    public void With_no_valid_checkpoint_FindNewestValid_returns_null_and_says_so()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path);
        Assert.Null(store.FindNewestValid(w => Assert.Fail(w)));
        Directory.CreateDirectory(dir.Sub("checkpoint_step_4"));
        var warnings = new List<string>();
        Assert.Null(store.FindNewestValid(warnings.Add));
        Assert.Equal("checkpoint_step_4 is corrupt: marker missing (checkpoint.complete.json); no valid checkpoint to fall back to", Assert.Single(warnings));
    }

    [Fact]
    public void FindValid_returns_a_valid_step_and_null_for_a_missing_one()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path);
        store.Save(4, CheckpointSamples.Files(4), permanent: true);
        Assert.Equal(new CheckpointInfo(4, dir.Sub("checkpoint_step_4"), true), store.FindValid(4, w => Assert.Fail(w)));
        Assert.Null(store.FindValid(5, w => Assert.Fail(w)));
    }

    [Fact]
    public void An_extra_file_in_a_checkpoint_does_not_invalidate_it_and_is_not_loaded()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path);
        var info = store.Save(4, CheckpointSamples.Files(4));
        File.WriteAllText(Path.Combine(info.Path, "notes.txt"), "hi");
        Assert.True(store.Validate(info.Path).IsValid);
        Assert.DoesNotContain("notes.txt", store.Load(info).Keys);
    }
}
