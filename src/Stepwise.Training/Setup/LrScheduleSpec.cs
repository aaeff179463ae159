using System.Globalization;
using Stepwise.Configuration;
using Stepwise.Engine.Optim;
using Stepwise.Planning;

namespace Stepwise.Training.Setup;

/// <summary>The learning-rate schedule of a run (config section <c>lr_schedule</c>), keyed by update index. Lengths are
/// time strings converted through the plan's epoch geometry when the run starts (and again on resume, so a changed
/// duration recomputes schedules keyed to the total).</summary>
/// <param name="Kind"><c>constant</c>, <c>linear</c>, <c>cosine</c> or <c>step</c>.</param>
/// <param name="Warmup">Warmup length (<c>500st</c>, <c>1ep</c>, <c>0.1dur</c>), or null.</param>
/// <param name="WarmupRatio">Warmup as a fraction of the run in [0, 1] (Hugging Face <c>warmup_ratio</c>: ceil(ratio·T)), or null.</param>
/// <param name="MinLr">Cosine floor ≥ 0.</param>
/// <param name="StepSize">Step decay period, or null (then 1 epoch).</param>
/// <param name="Gamma">Step decay factor &gt; 0.</param>
public sealed record LrScheduleSpec(LrScheduleKind Kind, TimeValue? Warmup, decimal? WarmupRatio, double MinLr, TimeValue? StepSize, double Gamma)
{
    /// <summary>The <c>lr_schedule</c> section of <paramref name="v"/>, its range problems added to <paramref name="errors"/>
    /// (one of warmup_steps and warmup_ratio; ratio in [0, 1]; min_lr ≥ 0).</summary>
    public static LrScheduleSpec Read(ConfigValues v, List<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(v);
        ArgumentNullException.ThrowIfNull(errors);
        var kind = (v.Word("lr_schedule.kind") ?? "constant") switch
        {
            "linear" => LrScheduleKind.Linear,
            "cosine" => LrScheduleKind.Cosine,
            "step" => LrScheduleKind.Step,
            _ => LrScheduleKind.Constant,
        };
        const string steps = "lr_schedule.warmup_steps", ratio = "lr_schedule.warmup_ratio", min = "lr_schedule.min_lr";
        if (v.Has(steps) && v.Has(ratio))
            errors.Add(new(v.Key(ratio), v.Text(ratio), $"give one of {v.Key(steps)} and {v.Key(ratio)}"));
        decimal? warmupRatio = v.Real(ratio);
        if (warmupRatio is < 0 or > 1)
            errors.Add(new(v.Key(ratio), v.Text(ratio), "is out of range; allowed: a fraction in [0, 1] (warmup = ceil(ratio × total steps))"));
        double minLr = v.Real(min) is { } m ? (double)m : 0;
        if (minLr < 0) errors.Add(new(v.Key(min), v.Text(min), "is out of range; allowed: a number ≥ 0"));
        return new LrScheduleSpec(kind, v.Time(steps), warmupRatio, minLr, v.Time("lr_schedule.step_size"), v.Real("lr_schedule.gamma") is { } g ? (double)g : 0.1);
    }

    /// <summary>The warmup in updates for a run of <paramref name="total"/> updates: warmup_steps converted by
    /// <paramref name="converter"/>, else ceil(warmup_ratio × total), else 0; or the one-line error (a length the
    /// converter cannot take, or more than <paramref name="total"/>).</summary>
    public (long Steps, ConfigError? Error) WarmupUpdates(ConfigValues v, StepConverter converter, long total)
    {
        ArgumentNullException.ThrowIfNull(v);
        ArgumentNullException.ThrowIfNull(converter);
        const string key = "lr_schedule.warmup_steps";
        if (Warmup is not { } w) return (WarmupRatio is { } r ? (long)decimal.Ceiling(r * total) : 0, null);
        var converted = converter.ToSteps(w);
        if (!converted.TryGetValue(out long n)) return (0, new(v.Key(key), v.Text(key), converted.Error!));
        return n > total
            ? (n, new(v.Key(key), v.Text(key), string.Create(CultureInfo.InvariantCulture, $"gives {n} warmup steps, more than the run's {total}; allowed 0..{total}")))
            : (n, null);
    }
}
