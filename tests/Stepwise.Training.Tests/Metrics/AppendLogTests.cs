using Stepwise.Training.Metrics;

namespace Stepwise.Training.Tests.Metrics;

public sealed class AppendLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stepwise-log-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Path_(string name) => Path.Combine(_dir, name);

    /// <summary>The chain of docs/training.md, computed from the file's bytes alone: (digest, H_k).</summary>
    private static (string Digest, string Chain) Reference(byte[] bytes, int block)
    {
        byte[] h = new byte[32];
        int k = bytes.Length / block;
        for (int i = 0; i < k; i++) h = System.Security.Cryptography.SHA256.HashData([.. h, .. bytes.AsSpan(i * block, block)]);
        byte[] digest = System.Security.Cryptography.SHA256.HashData([.. h, .. bytes.AsSpan(k * block)]);
        return (Convert.ToHexStringLower(digest), Convert.ToHexStringLower(h));
    }

    [Fact]
    public void Position_hashes_every_byte_written_without_reading_the_file()
    {
        string p = Path_("a.jsonl");
        using (var log = AppendLog.Create(p))
        {
            log.AppendLine("{\"a\":1}");
            log.AppendLine("{\"b\":\"é\"}");
            var pos = log.Position;
            Assert.Equal(2, pos.Lines);
            log.Flush();
            Assert.Equal(new FileInfo(p).Length, pos.Bytes);
            Assert.Equal(Reference(File.ReadAllBytes(p), LogPosition.DefaultBlockBytes), (pos.Sha256, pos.Chain));
            Assert.Equal(LogPosition.DefaultBlockBytes, pos.BlockBytes);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(64)]
    public void Position_chains_across_block_boundaries_inside_and_at_the_end_of_lines(int block)
    {
        string p = Path_("b.jsonl");
        using var log = AppendLog.Create(p, block);
        foreach (string line in new[] { "", "abc", "a longer line than any block here, é", "1234567", "x" })
        {
            log.AppendLine(line);
            log.Flush();
            var pos = log.Position;
            Assert.Equal(Reference(File.ReadAllBytes(p), block), (pos.Sha256, pos.Chain));
            Assert.Equal(new FileInfo(p).Length, pos.Bytes);
        }
    }

    [Fact]
    public void Continue_reads_only_the_last_partial_block()
    {
        // an edit inside a complete block before the recorded position is not re-read (documented), one after it is
        string p = Path_("c.jsonl");
        LogPosition at;
        using (var log = AppendLog.Create(p, 8))
        {
            foreach (string line in new[] { "first line", "second", "third" }) log.AppendLine(line);
            at = log.Position;   // 24 bytes: blocks [0, 8) [8, 16) [16, 24) complete, tail empty
            log.AppendLine("after");
        }
        byte[] bytes = File.ReadAllBytes(p);
        bytes[1] = (byte)'I';
        File.WriteAllBytes(p, bytes);
        using (var log = AppendLog.Continue(p, at, () => throw new InvalidOperationException("must not rebuild"), out string? mismatch))
        {
            Assert.Null(mismatch);
            log.AppendLine("next");
        }
        Assert.Equal(["fIrst line", "second", "third", "next"], File.ReadAllLines(p));
        using (var log = AppendLog.Create(p, 8))
        {
            foreach (string line in new[] { "first line", "second", "thi" }) log.AppendLine(line);
            at = log.Position;   // 22 bytes: the tail [16, 22) is re-read
        }
        bytes = File.ReadAllBytes(p);
        bytes[17] = (byte)'E';
        File.WriteAllBytes(p, bytes);
        using (var log = AppendLog.Continue(p, at, () => ["rebuilt"], out string? mismatch))
        {
            Assert.Contains("does not hold the 22 bytes recorded", mismatch, StringComparison.Ordinal);
        }
        Assert.Equal(["rebuilt"], File.ReadAllLines(p));
    }

    [Fact]
    public void Continue_cuts_what_follows_a_matching_prefix_and_keeps_hashing_from_there()
    {
        string p = Path_("a.jsonl");
        LogPosition at;
        using (var log = AppendLog.Create(p))
        {
            log.AppendLine("one");
            at = log.Position;
            log.AppendLine("two");
        }
        File.AppendAllText(p, "thr");   // torn
        using (var log = AppendLog.Continue(p, at, () => throw new InvalidOperationException("must not rebuild"), out string? mismatch))
        {
            Assert.Null(mismatch);
            log.AppendLine("four");
            log.Flush();
            Assert.Equal(Reference(File.ReadAllBytes(p), LogPosition.DefaultBlockBytes), (log.Position.Sha256, log.Position.Chain));
        }
        Assert.Equal(["one", "four"], File.ReadAllLines(p));
    }

    [Theory]
    [InlineData("missing", "is missing")]
    [InlineData("short", "is shorter than recorded")]
    [InlineData("edited", "does not hold the")]
    [InlineData("old-format", "does not hold the")]
    public void Continue_rebuilds_a_log_that_does_not_hold_the_recorded_prefix(string damage, string reason)
    {
        string p = Path_("a.jsonl");
        LogPosition at;
        using (var log = AppendLog.Create(p))
        {
            log.AppendLine("alpha");
            log.AppendLine("beta");
            at = log.Position;
        }
        var written = at;
        if (damage == "old-format") at = at with { Chain = "" };   // a checkpoint from before the chain
        switch (damage)
        {
            case "missing": File.Delete(p); break;
            case "short": File.WriteAllText(p, "alpha\n"); break;
            case "old-format": break;
            default: File.WriteAllText(p, "alphA\nbeta\n"); break;
        }
        using (var log = AppendLog.Continue(p, at, () => ["alpha", "beta"], out string? mismatch))
        {
            Assert.NotNull(mismatch);
            Assert.Contains(reason, mismatch, StringComparison.Ordinal);
            Assert.Equal(written, log.Position);
        }
        Assert.Equal(["alpha", "beta"], File.ReadAllLines(p));
    }
}
