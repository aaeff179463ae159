namespace Stepwise.Engine.Optim;

/// <summary>Shapes of the learning-rate schedule after warmup.</summary>
public enum LrScheduleKind
{
    /// <summary>The base rate.</summary>
    Constant,
    /// <summary>Linear decay to 0 at the last update.</summary>
    Linear,
    /// <summary>Cosine decay to <see cref="LrSchedule.MinRate"/> at the last update.</summary>
    Cosine,
    /// <summary>Multiply by γ every <see cref="LrSchedule.StepSize"/> updates.</summary>
    Step,
}
