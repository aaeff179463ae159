namespace Stepwise.Analysis.Dynamics;

/// <summary>
/// A results.json read back (<see cref="ResultsJsonReader"/>): its schema version, parameters, passages and every
/// epoch's measurements and analyses as the file states them, in the types that wrote it.
/// </summary>
/// <param name="SchemaVersion">The file's <c>schema_version</c> (this build reads <see cref="AnalysisAssembly.SchemaVersion"/>).</param>
/// <param name="Parameters">The experiment's parameters.</param>
/// <param name="Trained">The trained passages' source indices, in source order.</param>
/// <param name="Novel">The novel passages' source indices, in source order.</param>
/// <param name="Skipped">The passages skipped as too short.</param>
/// <param name="Report">The measured epochs (in schedule order; a stopped run holds fewer than the schedule), their
/// summaries and the analyses. <see cref="EpochMeasurement.Timestamp"/> is empty: results.json holds no clock value.</param>
public sealed record DynamicsResults(int SchemaVersion, DynamicsParameters Parameters, IReadOnlyList<int> Trained, IReadOnlyList<int> Novel,
    IReadOnlyList<SkippedPassage> Skipped, DynamicsReport Report);
