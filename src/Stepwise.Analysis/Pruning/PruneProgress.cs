namespace Stepwise.Analysis.Pruning;

/// <summary>Where an experiment stands, reported as each job starts: the repeat, the phase, the stage and method, how
/// many jobs are done, and the estimated time left.</summary>
/// <param name="Repeat">The repeat, 0-based.</param>
/// <param name="Repeats">R.</param>
/// <param name="Phase">The phase.</param>
/// <param name="Method">The method scored or retrained, or null while training.</param>
/// <param name="Stage">The 1-based stage retrained, or null.</param>
/// <param name="Stages">K.</param>
/// <param name="Job">Jobs done before this one, over every repeat (a job is one training, one method's scoring or one
/// retraining).</param>
/// <param name="Jobs">Jobs in the whole experiment.</param>
/// <param name="Elapsed">Wall time since the experiment (this process) started.</param>
/// <param name="Eta">Estimated wall time left (from the updates done so far per second), or null before any.</param>
public sealed record PruneProgress(int Repeat, int Repeats, PrunePhase Phase, PruneMethod? Method, int? Stage, long Stages, int Job, int Jobs,
    TimeSpan Elapsed, TimeSpan? Eta);
