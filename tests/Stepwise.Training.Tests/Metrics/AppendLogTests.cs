using Stepwise.Training.Metrics;

namespace Stepwise.Training.Tests.Metrics;

public sealed class AppendLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stepwise-log-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Path_(string name) => Path.Combine(_dir, name);

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
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(p))), pos.Sha256);
        }
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
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(p))), log.Position.Sha256);
        }
        Assert.Equal(["one", "four"], File.ReadAllLines(p));
    }

    [Theory]
    [InlineData("missing", "is missing")]
    [InlineData("short", "is shorter than recorded")]
    [InlineData("edited", "does not begin with")]
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
        switch (damage)
        {
            case "missing": File.Delete(p); break;
            case "short": File.WriteAllText(p, "alpha\n"); break;
            default: File.WriteAllText(p, "alphA\nbeta\n"); break;
        }
        using (var log = AppendLog.Continue(p, at, () => ["alpha", "beta"], out string? mismatch))
        {
            Assert.NotNull(mismatch);
            Assert.Contains(reason, mismatch, StringComparison.Ordinal);
            Assert.Equal(at, log.Position);
        }
        Assert.Equal(["alpha", "beta"], File.ReadAllLines(p));
    }
}
