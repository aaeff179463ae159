using System.Runtime.CompilerServices;
namespace Stepwise.Engine.Optim;

/// <summary>
/// The learning rate used by update t (0-based) of a run of T updates, keyed by optimizer step as the Hugging Face
/// schedules are: during warmup rate·t/W (so update 0 uses 0, as <c>get_linear_schedule_with_warmup</c> does), then
/// constant, linear (T−t)/(T−W), cosine min + (rate−min)·½(1+cos(π(t−W)/(T−W))), or step decay γ^⌊t/step_size⌋.
/// Lengths are counts of updates (<see cref="StepCount"/>); convert time strings (<c>500st</c>, <c>2ep</c>) with the
/// core's StepConverter first. A step size of 0 counts as 1.
/// </summary>
public sealed record LrSchedule(LrScheduleKind Kind, double Rate, StepCount TotalSteps, StepCount WarmupSteps = default, double MinRate = 0,
    StepCount StepSize = default, double Gamma = 0.1)
{
    /// <summary>The rate for update <paramref name="update"/> (the update that starts from that state).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double At(Step update)
    {
        long u = update.Value, warmup = WarmupSteps.Value, total = TotalSteps.Value;
        if (u < warmup) return Rate * u / warmup;
        long span = Math.Max(1, total - warmup);
        long t = Math.Min(u, total) - warmup;
        return Kind switch
        {
            LrScheduleKind.Constant => Rate,
            LrScheduleKind.Linear => Rate * Math.Max(0, span - t) / span,
            LrScheduleKind.Cosine => MinRate + (Rate - MinRate) * 0.5 * (1 + Math.Cos(Math.PI * t / span)),
            LrScheduleKind.Step => Rate * Math.Pow(Gamma, u / Math.Max(1, StepSize.Value)),
            _ => Rate,
        };
    }

    /// <summary>Checks the parameters; returns a message or null.</summary>
    public string? Validate()
    {
        if (!(Rate > 0) || double.IsInfinity(Rate)) return $"lr must be a finite number > 0, got {Rate}";
        if (WarmupSteps.Value > TotalSteps.Value) return $"warmup must be within 0..{TotalSteps.Value} steps, got {WarmupSteps.Value}";
        if (Kind == LrScheduleKind.Step && StepSize.Value < 1) return $"step_size must be ≥ 1 step, got {StepSize.Value}";
        if (MinRate < 0 || MinRate > Rate) return $"min_lr must be within 0..lr, got {MinRate}";
        return null;
    }
}
