using Stepwise.Training.Runs;

namespace Stepwise.Training.Tests.Runs;

public sealed class RunLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stepwise-lock-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void A_second_writer_is_refused_at_once_naming_the_folder_and_the_holders_pid()
    {
        using var first = RunLock.Acquire(_dir, TimeSpan.Zero);
        first.RecordOwner();
        var e = Assert.Throws<RunInputException>(() => RunLock.Acquire(_dir, TimeSpan.Zero));
        Assert.Contains(_dir, e.Message, StringComparison.Ordinal);
        Assert.Contains($"process {Environment.ProcessId}", e.Message, StringComparison.Ordinal);
        Assert.Contains("--wait-lock", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waiting_proceeds_once_the_holder_releases_the_lock()
    {
        var first = RunLock.Acquire(_dir, TimeSpan.Zero);
        var release = Task.Run(async () => { await Task.Delay(300); first.Dispose(); });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var second = RunLock.Acquire(_dir, TimeSpan.FromSeconds(20));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.2, 15);
        await release;
    }

    [Fact]
    public void Waiting_too_short_says_how_long_it_waited()
    {
        using var first = RunLock.Acquire(_dir, TimeSpan.Zero);
        var e = Assert.Throws<RunInputException>(() => RunLock.Acquire(_dir, TimeSpan.FromMilliseconds(300)));
        Assert.Contains("after waiting 0.3 s", e.Message, StringComparison.Ordinal);
    }
}
