using Stepwise.Training.Loop;
using Stepwise.Training.Models;

namespace Stepwise.Analysis.Pruning;

/// <summary>The trainer's one-line diagnostics (resume decisions, warnings) passed on to the experiment's observer,
/// prefixed with the run; routine progress is not (the experiment reports per job).</summary>
internal sealed class TrainMessages(IPruneObserver? observer, string run) : ITrainObserver
{
    public void Started(long step, long total, string runDirectory) { }

    public void Step(long step, long epoch, double loss, double lr) { }

    public void Evaluated(long step, IReadOnlyList<EvalMetrics> metrics) { }

    public void Saved(long step, string path, double seconds) { }

    public void Message(string line) => observer?.Message($"{run}: {line}");
}
