using System.Globalization;
using Stepwise.Training.Checkpoints;

namespace Stepwise.Training.Tests.Checkpoints;

public class CheckpointRetentionTests
{
    /// <summary>
    /// Layout: steps separated by spaces, suffix <c>p</c> = permanent, <c>x</c> = corrupt (marker deleted).
    /// Metrics: <c>step:value</c> pairs. keepLast −1 = null (keep all). Expected: the deleted steps.
    /// </summary>
    [Theory]
    [InlineData("1 2 3 4 5", 2, 0, false, "", "1 2 3")]                              // keep_last
    [InlineData("1 2 3 4 5", -1, 0, false, "", "")]                                  // no limit
    [InlineData("1 2 3 4 5", 0, 0, false, "", "1 2 3 4")]                            // only the newest valid
    [InlineData("1 2 3 4 5", 9, 0, false, "", "")]                                   // limit above count
    [InlineData("1 2p 3 4p 5 6", 1, 0, false, "", "1 3 5")]                          // permanent anchors
    [InlineData("1p 2p 3p", 0, 0, false, "", "")]                                    // all permanent
    [InlineData("1 2 3 4 5", 1, 1, false, "1:0.9 2:0.2 3:0.5 4:0.7 5:0.8", "1 3 4")] // keep_best, lower is better
    [InlineData("1 2 3 4 5", 1, 1, true, "1:0.9 2:0.2 3:0.5 4:0.7 5:0.8", "2 3 4")]  // keep_best, greater is better
    [InlineData("1 2 3 4 5", 1, 2, false, "1:0.9 2:0.2 3:0.5 4:0.7 5:0.8", "1 4")]   // two best
    [InlineData("1 2 3 4 5", 0, 1, false, "1:0.1 2:0.2 3:0.3 4:0.4 5:9.9", "2 3 4")] // newest kept though worst
    [InlineData("1 2 3 4 5", 2, 1, false, "1:0.5 4:0.1", "1 2 3")]                   // best is also recent
    [InlineData("1 2 3", 1, 1, false, "1:0.5 2:0.5 3:0.9", "2")]                     // tie → earlier step
    [InlineData("1 2 3", 1, 1, false, "1:NaN 2:0.7", "1")]                           // NaN is no candidate
    [InlineData("1 2 3x 4 5x", 1, 0, false, "", "1 2")]                              // newest VALID is 4; corrupt untouched
    [InlineData("1 2 3 4x", 2, 0, false, "", "1")]                                   // corrupt not counted
    [InlineData("1x 2x", 0, 0, false, "", "")]                                       // nothing valid
    [InlineData("", 0, 0, false, "", "")]                                            // empty run
    [InlineData("10 20p 30 40 50", 2, 1, true, "10:0.99 30:0.5 40:0.6 50:0.1", "30")] // everything at once
    public void Retention_table(string layout, long keepLast, long keepBest, bool greaterIsBetter, string metrics, string expectedDeleted)
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path);
        var steps = new List<long>();
        var corrupt = new List<long>();
        foreach (string token in layout.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            long step = long.Parse(token.TrimEnd('p', 'x'), CultureInfo.InvariantCulture);
            var info = store.Save(step, CheckpointSamples.Files(step), permanent: token.EndsWith('p'));
            if (token.EndsWith('x'))
            {
                File.Delete(Path.Combine(info.Path, CheckpointStore.MarkerFileName));
                corrupt.Add(step);
            }
            steps.Add(step);
        }
        var metricByStep = metrics.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(':'))
            .ToDictionary(p => long.Parse(p[0], CultureInfo.InvariantCulture), p => double.Parse(p[1], CultureInfo.InvariantCulture));
        var policy = new RetentionPolicy(keepLast < 0 ? null : keepLast, keepBest, "eval_loss", greaterIsBetter);

        var deleted = store.ApplyRetention(policy, metricByStep);

        long[] expected = expectedDeleted.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(expected, deleted);
        Assert.Equal(steps.Except(expected).Order(), store.List().Select(c => c.Step));
        foreach (long c in corrupt) Assert.True(Directory.Exists(store.PathOf(c)), $"corrupt checkpoint_step_{c} is evidence and stays");
        Assert.Empty(CheckpointSamples.TempEntries(dir.Path));
        Assert.Empty(store.ApplyRetention(policy, metricByStep)); // idempotent
    }

    [Fact]
    public void Retention_rejects_negative_counts_and_KeepBest_without_metrics()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path);
        Assert.Throws<ArgumentException>(() => store.ApplyRetention(new RetentionPolicy(-1)));
        Assert.Throws<ArgumentException>(() => store.ApplyRetention(new RetentionPolicy(1, KeepBest: -1)));
        Assert.Throws<ArgumentException>(() => store.ApplyRetention(new RetentionPolicy(1, KeepBest: 1, BestMetric: "eval_loss")));
    }
}
