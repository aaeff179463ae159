namespace Stepwise.Scheduling;

/// <summary>Parameters of the first-epoch-even + subsequent linear/log checkpoint scheme (seed 004).</summary>
/// <param name="FirstEpoch">Checkpoints in epoch 1 (n ≥ 0): n ≥ 2 → floor(i·e₁/(n−1)), i = 0..n−1; n ≤ 1 → only the epoch end.</param>
/// <param name="Spacing">Linear or log spacing in epochs k ≥ 2.</param>
/// <param name="LogBase">Real base &gt; 1 of the log gaps base¹, base², … (rounded half-to-even).</param>
/// <param name="LinearInterval">Updates between linear checkpoints; null: max(1, floor(len/10)) per epoch.</param>
/// <param name="MinInterval">m ≥ 0: a non-end step closer than m to the previous kept step is dropped; epoch ends always win.</param>
public sealed record EpochSpacedOptions(long FirstEpoch, Spacing Spacing, double LogBase = 2.0, long? LinearInterval = null, long MinInterval = 0);
