using Stepwise.Training.Loop;

namespace Stepwise.Analysis.Dynamics;

/// <summary>How <see cref="DynamicsExperiment.Run"/> ended.</summary>
/// <param name="Outcome">Completed, stopped (time limit or signal: resumable, exit 3) or already complete.</param>
/// <param name="Phase">"pretrain" when it stopped while pretraining, else "dynamics".</param>
/// <param name="Step">The step the phase stopped or ended at.</param>
/// <param name="TotalSteps">The phase's final step.</param>
/// <param name="Report">The analyses of the epochs measured so far (null when none was).</param>
public sealed record DynamicsOutcome(TrainOutcome Outcome, string Phase, long Step, long TotalSteps, DynamicsReport? Report);
