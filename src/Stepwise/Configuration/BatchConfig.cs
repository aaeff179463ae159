namespace Stepwise.Configuration;

/// <summary>Per-device batch size b, gradient accumulation G, data-parallel world size W and drop_last.</summary>
public sealed record BatchConfig(long? Size = null, long GradAccum = 1, long WorldSize = 1, bool DropLast = false);
