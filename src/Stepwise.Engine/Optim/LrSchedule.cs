using System.Runtime.CompilerServices;
namespace Stepwise.Engine.Optim;

/// <summary>
/// The learning rate used by update t (0-based) of a run of T updates, keyed by optimizer step as the Hugging Face
/// schedules are: during warmup rate·t/W (so update 0 uses 0, as <c>get_linear_schedule_with_warmup</c> does), then
/// constant, linear (T−t)/(T−W), cosine min + (rate−min)·½(1+cos(π(t−W)/(T−W))), or step decay γ^⌊t/step_size⌋.
/// Lengths are in updates; convert time strings (<c>500st</c>, <c>2ep</c>) with the core's StepConverter first.
/// </summary>
public sealed record LrSchedule(LrScheduleKind Kind, double Rate, long TotalSteps, long WarmupSteps = 0, double MinRate = 0, long StepSize = 1, double Gamma = 0.1)
{
    /// <summary>The rate for update <paramref name="update"/> (0-based).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double At(long update)
    {
        if (update < 0) throw new ArgumentOutOfRangeException(nameof(update), update, "update indices are ≥ 0");
        if (update < WarmupSteps) return Rate * update / WarmupSteps;
        long span = Math.Max(1, TotalSteps - WarmupSteps);
        long t = Math.Min(update, TotalSteps) - WarmupSteps;
        return Kind switch
        {
            LrScheduleKind.Constant => Rate,
            LrScheduleKind.Linear => Rate * Math.Max(0, span - t) / span,
            LrScheduleKind.Cosine => MinRate + (Rate - MinRate) * 0.5 * (1 + Math.Cos(Math.PI * t / span)),
            LrScheduleKind.Step => Rate * Math.Pow(Gamma, update / Math.Max(1, StepSize)),
            _ => Rate,
        };
    }

    /// <summary>Checks the parameters; returns a message or null.</summary>
    public string? Validate()
    {
        if (!(Rate > 0) || double.IsInfinity(Rate)) return $"lr must be a finite number > 0, got {Rate}";
        if (WarmupSteps < 0 || WarmupSteps > TotalSteps) return $"warmup must be within 0..{TotalSteps} steps, got {WarmupSteps}";
        if (Kind == LrScheduleKind.Step && StepSize < 1) return $"step_size must be ≥ 1 step, got {StepSize}";
        if (MinRate < 0 || MinRate > Rate) return $"min_lr must be within 0..lr, got {MinRate}";
        return null;
    }
}
