using FsCheck;
using FsCheck.Fluent;

namespace Stepwise.Tests.Core;

/// <summary>A window is an inclusive range of update indices: it starts at state Start and ends at state End + 1.</summary>
public class StepWindowTests
{
    [Fact]
    public void Length_contains_and_the_states_it_spans_agree()
    {
        Prop.ForAll(Gen.Choose(0, 1_000_000).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), Gen.Choose(-5, 1010).ToArbitrary(), (start, extra, probe) =>
        {
            var w = new StepWindow(start, start + extra);
            long u = start + probe;
            bool inside = probe >= 0 && probe <= extra;
            return w.Length.Value == extra + 1 && w.Contains(u) == inside && w.FirstState.Value == start
                && w.LastState.Value == start + extra + 1 && (w.LastState - w.FirstState) == w.Length;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Seed_000s_stages_are_126_updates_long()
    {
        var w = new StepWindow(0, 125);
        Assert.Equal(126, w.Length.Value);
        Assert.Equal("[0, 125]", w.ToString());
        Assert.False(w.Contains(126));
    }

    [Fact]
    public void An_empty_or_negative_window_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepWindow(5, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepWindow(-1, 4));
    }
}
