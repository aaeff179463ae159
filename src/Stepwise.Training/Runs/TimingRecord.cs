namespace Stepwise.Training.Runs;

/// <summary>One row of <c>timing.jsonl</c>: wall-clock facts, kept out of <c>metrics.jsonl</c> because they are not
/// reproducible. <c>start</c> (a process began training at <see cref="Step"/>), <c>save</c> (a checkpoint at
/// <see cref="Step"/> took <see cref="SaveSeconds"/>), <c>progress</c> (periodic), <c>end</c> (the process stopped or
/// completed at <see cref="Step"/>).</summary>
/// <param name="Event">start, save, progress or end.</param>
/// <param name="Step">The state when it was written.</param>
/// <param name="Segment">0 for the first process of the run, 1 for its first resume, …</param>
/// <param name="WallSeconds">Seconds since this process started training.</param>
/// <param name="SaveSeconds">For <c>save</c>: seconds the checkpoint took; else null.</param>
/// <param name="StepsPerSecond">Updates per second since the previous row of this segment, or null.</param>
public sealed record TimingRecord(string Event, long Step, int Segment, double WallSeconds, double? SaveSeconds, double? StepsPerSecond);
