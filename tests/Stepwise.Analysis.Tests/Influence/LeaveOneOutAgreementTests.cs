using Stepwise.Analysis.Influence;
using Stepwise.Training;
using Stepwise.Training.Models;
using Stepwise.Training.Replay;
using Xunit.Abstractions;

namespace Stepwise.Analysis.Tests.Influence;

/// <summary>
/// The heart of issue 16: the estimate against exact leave-one-out retraining (the run replayed with the sample's rows
/// weighted 0 inside the window, nothing else changed), for ≥ 50 samples spread over the estimated ranking.
/// </summary>
public class LeaveOneOutAgreementTests(ITestOutputHelper output)
{
    internal static (Verification Check, WindowInfluence Influence) Agreement(string yaml, StepWindow window, MeasureAt at, int samples,
        CurvaturePrecision precision = CurvaturePrecision.Float64, string query = "val")
    {
        using var runs = new InfluenceRuns();
        string dir = runs.Train(yaml);
        var run = TrainingRun.Open(dir);
        var estimator = new InfluenceEstimator(run, new InfluenceOptions { Query = query, MeasureAt = at, Precision = precision });
        var influence = estimator.Estimate([window])![0];
        var start = estimator.LastReplay!.StateAt(window.FirstState)!;
        var loo = new LeaveOneOut(start, window, influence.MeasuredAt, query);
        var picked = LeaveOneOut.Stratified(influence, samples);
        Assert.True(picked.Count >= samples, $"only {picked.Count} samples in the window");
        var check = loo.Verify(influence, picked)!;
        Assert.Equal(check.BaseLoss, influence.QueryLoss, 1e-4);
        return (check, influence);
    }

    private static string Describe(Verification v) =>
        FormattableString.Invariant($"Spearman {v.Spearman:F4} Pearson {v.Pearson:F4} Kendall {v.Kendall:F4} sign {v.SignAgreement:F2} top10 {v.TopJaccard:F2}; actual range {v.Actual.Min():E2}..{v.Actual.Max():E2}");

    // multinomial logistic regression, 240 training samples, SGD with a cosine schedule, warmup, L2 and weight decay
    internal const string LogregSgd = """
        seed: 3
        data: { source: digits, n: 300, splits: { val: 0.2 } }
        model: { kind: logreg, l2: 0.001 }
        optimizer: { kind: sgd, lr: 0.5, weight_decay: 0.0005 }
        lr_schedule: { kind: cosine, warmup_steps: 5 }
        batch: { size: 16 }
        duration: { epochs: 6 }
        checkpoints: { every: 20 }
        """;

    [Fact]
    public void Logistic_regression_with_SGD_a_schedule_and_weight_decay_agrees_with_retraining_Spearman_at_least_095()
    {
        var (check, _) = Agreement(LogregSgd, new StepWindow(30, 59), MeasureAt.WindowEnd, 60);
        output.WriteLine(Describe(check));
        Assert.True(check.Spearman >= 0.95, Describe(check));
    }
}
