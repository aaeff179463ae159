namespace Stepwise.Scheduling;

/// <summary>How checkpoints are spaced inside epochs after the first (seed 004).</summary>
public enum Spacing
{
    /// <summary>s, s+I, s+2I, … ≤ epoch end.</summary>
    Linear,
    /// <summary>c₀ = s, cⱼ = cⱼ₋₁ + round(baseʲ) ≤ epoch end.</summary>
    Log,
}
