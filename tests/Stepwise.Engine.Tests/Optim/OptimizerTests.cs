using Stepwise.Engine.Optim;

namespace Stepwise.Engine.Tests.Optim;

/// <summary>Optimizer updates against the torch.optim formulas, worked by hand.</summary>
public class OptimizerTests
{
    [Fact]
    public void Sgd_Momentum_FirstBufferIsTheGradient_ThenAccumulates()
    {
        var opt = new Sgd<double>(1, momentum: 0.9, weightDecay: 0.1);
        double[] p = [1.0];
        opt.Step(p, [0.5], 0.1);            // g = 0.5 + 0.1·1 = 0.6; b = 0.6; p = 1 − 0.06
        Assert.Equal(0.94, p[0], 12);
        opt.Step(p, [0.5], 0.1);            // g = 0.5 + 0.094 = 0.594; b = 0.9·0.6 + 0.594 = 1.134; p = 0.94 − 0.1134
        Assert.Equal(0.8266, p[0], 12);
    }

    [Fact]
    public void Sgd_Nesterov()
    {
        var opt = new Sgd<double>(1, momentum: 0.5, nesterov: true);
        double[] p = [0.0];
        opt.Step(p, [1.0], 1.0);            // b = 1; g = 1 + 0.5 = 1.5
        Assert.Equal(-1.5, p[0], 12);
        opt.Step(p, [1.0], 1.0);            // b = 0.5 + 1 = 1.5; g = 1 + 0.75 = 1.75
        Assert.Equal(-3.25, p[0], 12);
    }

    [Fact]
    public void AdamW_FirstStepMovesByLrTimesSign_AndDecoupledDecay()
    {
        var opt = new AdamW<double>(2, weightDecay: 0.1, eps: 1e-12);
        double[] p = [1.0, -2.0];
        opt.Step(p, [0.3, -7.0], 0.01);
        // p·(1 − 0.001) then − 0.01·m̂/√v̂ = ∓0.01 (m̂ = g, v̂ = g² on the first step)
        Assert.Equal(1.0 * 0.999 - 0.01, p[0], 9);
        Assert.Equal(-2.0 * 0.999 + 0.01, p[1], 9);
        Assert.Equal(1, opt.Steps);
        Assert.Equal(4, opt.State.Length);
    }

    [Theory]
    [InlineData(LrScheduleKind.Constant, 0, 0.1)]
    [InlineData(LrScheduleKind.Constant, 5, 0.1)]
    [InlineData(LrScheduleKind.Linear, 10, 0.05)]
    [InlineData(LrScheduleKind.Cosine, 10, 0.05)]
    [InlineData(LrScheduleKind.Step, 25, 0.001)]
    public void LrSchedule_Values(LrScheduleKind kind, long update, double expected)
    {
        var s = new LrSchedule(kind, 0.1, TotalSteps: new StepCount(20), StepSize: new StepCount(10), Gamma: 0.1);
        Assert.Equal(expected, s.At(new Step(update)), 12);
    }

    [Fact]
    public void LrSchedule_Warmup_StartsAtZeroLikeHuggingFace()
    {
        var s = new LrSchedule(LrScheduleKind.Linear, 1.0, TotalSteps: new StepCount(110), WarmupSteps: new StepCount(10));
        Assert.Equal(0.0, s.At(new Step(0)));
        Assert.Equal(0.5, s.At(new Step(5)), 12);
        Assert.Equal(1.0, s.At(new Step(10)), 12);
        Assert.Equal(0.5, s.At(new Step(60)), 12);
        Assert.Equal(0.0, s.At(new Step(110)), 12);
        Assert.NotNull(new LrSchedule(LrScheduleKind.Constant, 1.0, new StepCount(10), WarmupSteps: new StepCount(11)).Validate());
    }
}
