using System.Globalization;
using Stepwise.Planning;

namespace Stepwise.Cli.Output;

/// <summary>CSV rows <c>kind,stage,start,end,epoch</c>: windows (start..end are update indices) and the point events
/// <c>epoch_end</c>, <c>checkpoint</c>, <c>evaluation</c> (start = end = the step).</summary>
public static class PlanCsv
{
    /// <summary>Writes the plan's rows.</summary>
    public static void Write(TextWriter o, Plan plan, bool checkpointsOnly = false)
    {
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine("kind,stage,start,end,epoch");
        if (!checkpointsOnly)
        {
            for (int i = 0; i < plan.Windows.Count; i++)
            {
                var w = plan.Windows[i];
                o.WriteLine(string.Create(inv, $"window,{i + 1},{w.Start},{w.End},{plan.Epochs.EpochOf(new Step(w.Start + 1))}"));
            }
            long e = 0;
            foreach (Step s in plan.Epochs.Ends()) o.WriteLine(string.Create(inv, $"epoch_end,,{s},{s},{++e}"));
        }
        foreach (Step s in plan.Checkpoints.Enumerate()) o.WriteLine(string.Create(inv, $"checkpoint,,{s},{s},{plan.Epochs.EpochOf(s)}"));
        if (!checkpointsOnly)
        {
            foreach (Step s in plan.Evaluations.Enumerate()) o.WriteLine(string.Create(inv, $"evaluation,,{s},{s},{plan.Epochs.EpochOf(s)}"));
        }
    }
}
