using Stepwise.Engine.Optim;

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
public sealed record LrScheduleSpec(LrScheduleKind Kind, TimeValue? Warmup, decimal? WarmupRatio, double MinLr, TimeValue? StepSize, double Gamma);
