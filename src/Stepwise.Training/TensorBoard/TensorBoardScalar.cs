namespace Stepwise.Training.TensorBoard;

/// <summary>One scalar of a TensorBoard event file, as <see cref="TensorBoardEventFiles.ReadScalars"/> decodes it.</summary>
/// <param name="Tag">The series name, e.g. <c>train/loss</c>.</param>
/// <param name="Step">The event's step (the state after that many updates).</param>
/// <param name="Value">The value as stored: float32 (TensorBoard's <c>simple_value</c>), i.e. the logged double
/// rounded to the nearest float.</param>
/// <param name="WallTime">Seconds since the Unix epoch, as the writer was given them.</param>
public readonly record struct TensorBoardScalar(string Tag, Step Step, float Value, double WallTime);
