namespace Stepwise.Training.Export;

/// <summary>Where exported weights come from, for the README of the export folder.</summary>
/// <param name="Checkpoint">The checkpoint folder as the user named it (e.g. <c>runs/q/checkpoint_step_340</c>).</param>
/// <param name="Step">The checkpoint's step (updates taken).</param>
public sealed record ExportProvenance(string Checkpoint, Step Step);
