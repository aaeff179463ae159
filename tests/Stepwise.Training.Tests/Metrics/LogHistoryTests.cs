using FsCheck;
using FsCheck.Fluent;
using Stepwise.Training.Metrics;

namespace Stepwise.Training.Tests.Metrics;

public class LogHistoryTests
{
    [Fact]
    public void The_stride_keeps_at_most_the_bound_and_at_least_half_of_it()
    {
        Prop.ForAll(Gen.Choose(1, 50_000_000).ToArbitrary(), Gen.Choose(1, 1000).ToArbitrary(), (total, every) =>
        {
            long stride = LogHistory.StrideFor(total, every);
            long kept = total / stride;
            long rows = (total + every - 1) / every;
            return stride % every == 0 && kept <= LogHistory.MaxTrainingRows && (rows <= LogHistory.MaxTrainingRows ? stride == every : kept * 2 + 4 >= LogHistory.MaxTrainingRows);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Kept_rows_map_back_to_the_metrics_rows_byte_for_byte()
    {
        Prop.ForAll(Gen.Choose(1, 5000).ToArbitrary(), Gen.Elements("val", null).ToArbitrary(), (total, main) =>
        {
            var history = new LogHistory(total, 1, main);
            var written = new List<string>();
            for (long s = 1; s <= total; s++)
            {
                var row = new MetricsRow(s, 37).Add("lr", 0.1 / s).Add("loss", Math.Log(1 + s));
                history.Add(row);
                if (s % history.Stride == 0 || s == total) written.Add(row.ToJson());
                if (s % 500 == 0 || s == total)
                {
                    var eval = new MetricsRow(s, 37).Add("val_loss", 1.0 / s).Add("val_accuracy", double.NaN).Add("test_loss", 2.5);
                    history.Add(eval);
                    written.Add(eval.ToJson());
                }
            }
            return history.ToMetricsRows().Select(r => r.ToJson()).SequenceEqual(written);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Restore_keeps_the_rows_up_to_the_step_that_this_runs_rule_keeps()
    {
        var a = new LogHistory(4000, 1, "val");
        for (long s = 1; s <= 4000; s++) a.Add(new MetricsRow(s, 10).Add("lr", 1).Add("loss", s));
        var b = new LogHistory(100_000, 1, "val");   // a resume with a longer run: a coarser stride
        b.Restore(a.Rows, 3000);
        Assert.All(b.ToMetricsRows(), r => Assert.True(r.Step <= 3000 && r.Step % b.Stride == 0));
        Assert.Equal(3000 / b.Stride, b.Rows.Count);
    }
}
