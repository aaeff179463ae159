using System.Globalization;
using Spectre.Console;
using Stepwise.Planning;
using Stepwise.Scheduling;

namespace Stepwise.Cli.Output;

/// <summary>
/// The text form of a plan: the calculation walked through the way seed 000's printout does (samples, batch, steps per
/// epoch, total steps, each window with its length and ≈ epochs), then schedules and estimates.
/// </summary>
public static class PlanText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A Spectre console that writes plain text (no colour, no ANSI) to <paramref name="writer"/>.</summary>
    public static IAnsiConsole Console(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 100;
        return console;
    }

    /// <summary>Writes the whole plan.</summary>
    public static void Write(TextWriter o, Plan plan, string source)
    {
        o.WriteLine($"Plan for {source}");
        o.WriteLine("(step N = the state after N optimizer updates; a window [a, b] = updates a..b inclusive)");
        o.WriteLine();
        WriteGeometry(o, plan);
        WriteWindows(o, plan);
        o.WriteLine();
        WriteSchedule(o, "Checkpoints", plan.Checkpoints);
        WriteSchedule(o, "Evaluations", plan.Evaluations);
        WriteEstimates(o, plan);
    }

    /// <summary>Samples, batch, steps per epoch and total steps, with the arithmetic shown.</summary>
    public static void WriteGeometry(TextWriter o, Plan plan)
    {
        var g = plan.Geometry;
        long t = plan.TotalSteps.Value;
        o.WriteLine("Step calculation:");
        if (g is null)
        {
            o.WriteLine(F($"   Total steps: {t} (given), over {plan.Epochs.EpochCount} epochs ending at floor(e × {t} / {plan.Epochs.EpochCount})"));
            return;
        }
        long u = g.UpdatesPerEpoch;
        switch (g.Kind)
        {
            case GeometryKind.Dataset:
                o.WriteLine(F($"   Training samples: {g.TrainSize}"));
                o.WriteLine(F($"   Batch size: {g.BatchSize} per device × grad_accum {g.GradAccum} × world_size {g.WorldSize} = {g.SamplesPerStep} samples per step"));
                string rnd = g.DropLast ? "floor" : "ceil";
                if (g.WorldSize == 1 && g.GradAccum == 1)
                {
                    o.WriteLine(F($"   Steps per epoch: {rnd}({g.TrainSize}/{g.BatchSize}) = {u} steps{(g.DropLast ? " (drop_last)" : "")}"));
                }
                else
                {
                    o.WriteLine(F($"   Samples per rank: {rnd}({g.TrainSize}/{g.WorldSize}) = {g.SamplesPerRank}"));
                    o.WriteLine(F($"   Batches per rank: {rnd}({g.SamplesPerRank}/{g.BatchSize}) = {g.BatchesPerRank}"));
                    o.WriteLine(F($"   Steps per epoch: ceil({g.BatchesPerRank}/{g.GradAccum}) = {u} steps (a partial accumulation window is stepped)"));
                }
                break;
            case GeometryKind.FixedSteps:
                o.WriteLine(F($"   Batch size: {g.BatchSize} × grad_accum {g.GradAccum} × world_size {g.WorldSize} = {g.SamplesPerStep} samples per step"));
                o.WriteLine(F($"   Steps per epoch: {u} (fixed)"));
                break;
            case GeometryKind.FixedSamples:
                o.WriteLine(F($"   Batch size: {g.BatchSize} × grad_accum {g.GradAccum} × world_size {g.WorldSize} = {g.SamplesPerStep} samples per step"));
                o.WriteLine(F($"   Steps per epoch: ceil({g.SamplesPerEpoch} samples/{g.SamplesPerStep}) = {u} steps"));
                break;
            default:
                var (es, ss) = g.EpochTimeSource!.Value;
                o.WriteLine(F($"   Batch size: {g.BatchSize} × grad_accum {g.GradAccum} × world_size {g.WorldSize} = {g.SamplesPerStep} samples per step"));
                o.WriteLine(F($"   Steps per epoch: floor({Num(es)} s / {Num(ss)} s) = {u} steps"));
                break;
        }
        string epochs = PlanJson.Decimal(plan.EpochsExact, 6);
        switch (plan.DurationSource)
        {
            case "epochs" when t % u == 0:
                o.WriteLine(F($"   Total epochs: {epochs}"));
                o.WriteLine(F($"   Total steps: {epochs} × {u} = {t} steps"));
                break;
            case "epochs":
                o.WriteLine(F($"   Total epochs: {epochs} (last epoch partial)"));
                o.WriteLine(F($"   Total steps: {t} steps (ceil(epochs × {u}))"));
                break;
            default:
                o.WriteLine(F($"   Total steps: {t} steps (from {plan.DurationSource})"));
                o.WriteLine(F($"   Total epochs: {t}/{u} = {epochs} ({plan.Epochs.EpochCount} started{(t % u == 0 ? "" : ", the last partial")})"));
                break;
        }
        o.WriteLine(F($"   Samples per epoch: {g.SamplesPerEpoch}"));
        if (plan.Coverage is { } c) o.WriteLine(F($"   Coverage: {g.SamplesPerEpoch}/{plan.UniqueSamples} unique samples = {TimeValueText.Coverage(c)}"));
    }

    /// <summary>The stage windows, one per line.</summary>
    public static void WriteWindows(TextWriter o, Plan plan)
    {
        if (plan.Windows.Count == 0) return;
        o.WriteLine("   Time windows (steps):");
        for (int i = 0; i < plan.Windows.Count; i++)
        {
            var w = plan.Windows[i];
            string approx = PlanJson.Decimal((decimal)w.Length.Value / plan.StepsPerEpoch, 1, forceFraction: true);
            o.WriteLine(F($"     Stage {i + 1}: [{w.Start}, {w.End}] - {w.Length.Value} steps (~{approx} epochs)"));
        }
    }

    /// <summary>The stage windows as a table: updates, length, ≈ epochs, and the states each window runs between.</summary>
    public static void WriteWindowTable(TextWriter o, Plan plan)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn(new TableColumn(new Text("Stage")))
            .AddColumn(new TableColumn(new Text("Updates [a, b]")))
            .AddColumn(new TableColumn(new Text("Length")).RightAligned())
            .AddColumn(new TableColumn(new Text("≈ Epochs")).RightAligned())
            .AddColumn(new TableColumn(new Text("States")));
        for (int i = 0; i < plan.Windows.Count; i++)
        {
            var w = plan.Windows[i];
            table.AddRow(
                new Text(F($"{i + 1}")),
                new Text(F($"[{w.Start}, {w.End}]")),
                new Text(F($"{w.Length.Value}")),
                new Text(PlanJson.Decimal((decimal)w.Length.Value / plan.StepsPerEpoch, 2, forceFraction: true)),
                new Text(F($"{w.FirstState.Value} → {w.LastState.Value}")));
        }
        Console(o).Write(table);
    }

    /// <summary>A schedule's description, count, and its first and last few steps.</summary>
    public static void WriteSchedule(TextWriter o, string title, Schedule schedule)
    {
        long count = schedule.Count();
        o.WriteLine(F($"{title}: {count} ({schedule.Description})"));
        if (count == 0) return;
        const int Shown = 8;
        var first = schedule.Enumerate().Take(Shown).Select(s => s.ToString()).ToList();
        if (count <= 2 * Shown)
        {
            o.WriteLine("   " + string.Join(", ", schedule.Enumerate().Select(s => s.ToString())));
            return;
        }
        var tail = schedule.Tail(Shown).Select(s => s.ToString());
        o.WriteLine("   " + string.Join(", ", first) + F($", … ({count - 2 * Shown} more) …, ") + string.Join(", ", tail));
    }

    /// <summary>Storage and time estimates.</summary>
    public static void WriteEstimates(TextWriter o, Plan plan)
    {
        var e = plan.Estimates();
        if (e.StorageBytes is null && e.TotalSeconds is null && plan.KeepLast is null) return;
        o.WriteLine("Estimates:");
        if (e.StorageBytes is { } b)
        {
            string kept = plan.KeepLast is { } k ? F($" (at most {Math.Min(k, e.CheckpointCount)} kept at once: {Bytes(Math.Min(k, e.CheckpointCount) * plan.ModelBytes!.Value)})") : "";
            o.WriteLine(F($"   Checkpoint storage: {e.CheckpointCount} × {Bytes(plan.ModelBytes!.Value)} = {Bytes(b)}{kept}"));
        }
        else if (plan.KeepLast is { } k)
        {
            o.WriteLine(F($"   Checkpoints kept at once: at most {k}"));
        }
        if (e.EpochSeconds is { } es) o.WriteLine(F($"   Epoch duration: {plan.StepsPerEpoch} × {Num(plan.StepSeconds!.Value)} s = {Duration(es)}"));
        if (e.TotalSeconds is { } ts) o.WriteLine(F($"   Total run time: {plan.TotalSteps.Value} × {Num(plan.StepSeconds!.Value)} s = {Duration(ts)}"));
    }

    /// <summary>Seconds as e.g. <c>7 h 0 min</c> or <c>9.8 d</c>.</summary>
    public static string Duration(decimal seconds)
    {
        if (seconds < 60m) return F($"{Num(Math.Round(seconds, 3))} s");
        if (seconds < 3600m) return F($"{Math.Round(seconds / 60m, 1)} min");
        if (seconds < 172800m)
        {
            long minutes = (long)decimal.Round(seconds / 60m, MidpointRounding.ToEven); // round once: 7,199 s is 2 h 0 min, not 1 h 60 min
            return F($"{minutes / 60} h {minutes % 60} min");
        }
        return F($"{Math.Round(seconds / 86400m, 1)} d ({Math.Round(seconds / 3600m, 1)} h)");
    }

    /// <summary>Bytes with a binary prefix.</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        decimal v = bytes;
        int i = 0;
        while (v >= 1024m && i < units.Length - 1)
        {
            v /= 1024m;
            i++;
        }
        return i == 0 ? F($"{bytes} B") : F($"{Math.Round(v, 1)} {units[i]}");
    }

    private static string Num(decimal d) => TimeValue.FormatAmount(d);

    private static string F(FormattableString s) => s.ToString(Inv);
}
