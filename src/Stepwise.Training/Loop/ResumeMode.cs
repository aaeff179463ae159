namespace Stepwise.Training.Loop;

/// <summary>Where a run starts: fresh, from the newest valid checkpoint, from a given one, or from an epoch's end.</summary>
/// <param name="Kind"><c>none</c>, <c>auto</c>, <c>path</c> or <c>epoch</c>.</param>
/// <param name="Path">The checkpoint folder for <c>path</c>.</param>
/// <param name="Epoch">The 1-based epoch for <c>epoch</c>.</param>
public sealed record ResumeMode(string Kind, string? Path = null, long? Epoch = null)
{
    /// <summary>Start at step 0.</summary>
    public static ResumeMode None { get; } = new("none");

    /// <summary>The newest valid checkpoint of the run folder, or step 0 when there is none.</summary>
    public static ResumeMode Auto { get; } = new("auto");
}
