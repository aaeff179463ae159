using Stepwise.Analysis.Dynamics.Statistics;

namespace Stepwise.Analysis.Tests.Dynamics;

/// <summary>Each statistic against values worked by hand or from closed forms (not from the code under test).</summary>
public class StatisticsTests
{
    /// <summary>Student t CDF with 3 degrees of freedom, closed form: ½ + (1/π)·(u/(1+u²) + atan u), u = t/√3.</summary>
    private static double TCdf3(double t)
    {
        double u = t / Math.Sqrt(3);
        return 0.5 + (u / (1 + u * u) + Math.Atan(u)) / Math.PI;
    }

    /// <summary>Two-sided p of t with 2 degrees of freedom, closed form: 1 − |t|/√(2 + t²).</summary>
    private static double TwoSided2(double t) => 1 - Math.Abs(t) / Math.Sqrt(2 + t * t);

    [Fact]
    public void PointBiserial_HandWorkedCase()
    {
        // groups {3, 5} and {1, 2, 4}: M₁ = 4, M₀ = 7/3, population sd √2, p = 0.4:
        // r = (M₁ − M₀)/s·√(pq) = (5/3)/√2·√0.24 = 1/√3; t = r·√(3/(1 − 1/3)) = √1.5 on 3 df
        var r = Correlations.PointBiserial([true, true, false, false, false], [3, 5, 1, 2, 4]);
        Assert.Equal(1 / Math.Sqrt(3), r.R!.Value, 12);
        Assert.Equal(2 * (1 - TCdf3(Math.Sqrt(1.5))), r.PValue!.Value, 10);
        Assert.Equal(0.308068, r.PValue.Value, 6);
        Assert.Equal(5, r.N);
    }

    [Fact]
    public void PointBiserial_PValue_EqualsPooledTTest()
    {
        // Student's t with pooled variance for {3, 5} vs {1, 2, 4}: t = (4 − 7/3)/√(s²(1/2 + 1/3)),
        // s² = (2 + 14/3)/3 = 20/9 → t = (5/3)/√(50/27) = √1.5: the same t as the correlation's
        double s2 = (2.0 + 14.0 / 3) / 3;
        double t = (4 - 7.0 / 3) / Math.Sqrt(s2 * (0.5 + 1.0 / 3));
        Assert.Equal(Math.Sqrt(1.5), t, 12);
        var r = Correlations.PointBiserial([true, true, false, false, false], [3, 5, 1, 2, 4]);
        Assert.Equal(2 * (1 - TCdf3(t)), r.PValue!.Value, 10);
    }

    [Fact]
    public void Pearson_ConstantVariable_IsUndefined()
    {
        var r = Correlations.Pearson([1, 2, 3], [4, 4, 4]);
        Assert.Null(r.R);
        Assert.Null(r.PValue);
    }

    [Fact]
    public void Pearson_PerfectLine_IsOneWithPZero()
    {
        var r = Correlations.Pearson([1, 2, 3, 4], [3, 5, 7, 9]);
        Assert.Equal(1, r.R!.Value, 14);
        Assert.Equal(0, r.PValue!.Value);
    }

    [Fact]
    public void Spearman_WithTies_UsesAverageRanks()
    {
        // x ranks (1, 2.5, 2.5, 4), y ranks (1, 3, 2, 4): ρ = 4.5/√(4.5·5) = 3/√10
        Assert.Equal([1, 2.5, 2.5, 4], Correlations.Ranks([1, 2, 2, 3]));
        var rho = Correlations.Spearman([1, 2, 2, 3], [1, 3, 2, 4]);
        Assert.Equal(3 / Math.Sqrt(10), rho.R!.Value, 12);
        // p from t = ρ√(2/(1 − ρ²)) = 3/√10·√(20) = 3√2 on 2 df
        Assert.Equal(TwoSided2(3 * Math.Sqrt(2)), rho.PValue!.Value, 10);
    }

    [Fact]
    public void Spearman_AllTied_IsUndefined() => Assert.Null(Correlations.Spearman([1, 2, 3], [5, 5, 5]).R);

    [Fact]
    public void Ranks_TiesAcrossTheWholeSequence()
    {
        Assert.Equal([2, 2, 2, 4.5, 4.5], Correlations.Ranks([7, 7, 7, 9, 9]));
        Assert.Equal([3, 1, 2], Correlations.Ranks([30, -1, 0]));
    }

    [Fact]
    public void BenjaminiHochberg_HandWorked_WithTheStepUpMinimum()
    {
        // sorted 0.001, 0.013, 0.014, 0.2 → ×4/rank: 0.004, 0.026, 0.018667, 0.2 → running minimum from the top:
        // 0.004, 0.018667, 0.018667, 0.2
        var q = FalseDiscovery.BenjaminiHochberg([0.014, 0.2, 0.001, 0.013]);
        Assert.Equal(0.014 * 4 / 3, q[0]!.Value, 14);
        Assert.Equal(0.2, q[1]!.Value, 14);
        Assert.Equal(0.004, q[2]!.Value, 14);
        Assert.Equal(0.014 * 4 / 3, q[3]!.Value, 14);
    }

    [Fact]
    public void BenjaminiHochberg_NullsAreSkipped()
    {
        var q = FalseDiscovery.BenjaminiHochberg([0.01, null, 0.04, 0.03, 0.005, 0.9]);
        // m = 5: sorted 0.005, 0.01, 0.03, 0.04, 0.9 → 0.025, 0.025, 0.05, 0.05, 0.9
        Assert.Null(q[1]);
        Assert.Equal(0.025, q[0]!.Value, 14);
        Assert.Equal(0.05, q[2]!.Value, 14);
        Assert.Equal(0.05, q[3]!.Value, 14);
        Assert.Equal(0.025, q[4]!.Value, 14);
        Assert.Equal(0.9, q[5]!.Value, 14);
        // the step-up minimum: 0.6·2/1 = 1.2 → capped at 1, then min(1, 0.7·2/2) = 0.7
        Assert.Equal(0.7, FalseDiscovery.BenjaminiHochberg([0.6, 0.7])[0]!.Value, 14);
    }

    [Fact]
    public void CohensD_HandWorked()
    {
        // means 2 and 5, both sample variances 1: d = −3
        var e = EffectSize.Of([1, 2, 3], [4, 5, 6]);
        Assert.Equal(-3, e.Difference!.Value, 14);
        Assert.Equal(-3, e.CohensD!.Value, 14);
        // unequal sizes: {0, 2} (ss 2) and {1, 1, 4} (mean 2, ss 6): pooled √(8/3), d = 1/… = (1 − 2)/√(8/3)
        var u = EffectSize.Of([0, 2], [1, 1, 4]);
        Assert.Equal(-1 / Math.Sqrt(8.0 / 3), u.CohensD!.Value, 14);
    }

    [Fact]
    public void QuadraticFit_ExactParabola()
    {
        double[] x = [0, 1, 2, 3, 4];
        var fit = QuadraticFit.Of(x, x.Select(v => 2 * v * v - 3 * v + 1).ToArray());
        Assert.Equal(2, fit.A!.Value, 10);
        Assert.Equal(-3, fit.B!.Value, 10);
        Assert.Equal(1, fit.C!.Value, 10);
        Assert.Equal(1, fit.RSquared!.Value, 12);
        Assert.Equal(0.75, fit.Vertex!.Value, 10);
        Assert.Equal(0, fit.QuadraticPValue);
        Assert.Equal(TrajectoryShape.UShaped, fit.Shape);
    }

    [Fact]
    public void QuadraticFit_HandWorked_WithTheFTest()
    {
        // x = −2..2, y = (4, 1, 0, 1, 5); orthogonal polynomials: b = Σxy/Σx² = 0.2, a = Σ(x² − 2)y/14 = 8/7,
        // c = ȳ − 2a = −0.6/7; SST = 18.8, SSE_line = 18.4, SSE_quad = 18.8 − 0.4 − 18.2857… = 0.8/7;
        // F = (18.4 − 0.8/7)/((0.8/7)/2) = 320 on (1, 2) df, p = two-sided t(2) tail of √320
        var fit = QuadraticFit.Of([-2, -1, 0, 1, 2], [4, 1, 0, 1, 5]);
        Assert.Equal(8.0 / 7, fit.A!.Value, 12);
        Assert.Equal(0.2, fit.B!.Value, 12);
        Assert.Equal(-0.6 / 7, fit.C!.Value, 12);
        Assert.Equal(1 - (0.8 / 7) / 18.8, fit.RSquared!.Value, 12);
        Assert.Equal(0.2, fit.LineSlope!.Value, 12);
        Assert.Equal(1 - 18.4 / 18.8, fit.LineRSquared!.Value, 12);
        Assert.Equal(320, fit.F!.Value, 8);
        Assert.Equal(TwoSided2(Math.Sqrt(320)), fit.QuadraticPValue!.Value, 10);
        Assert.Equal(-0.0875, fit.Vertex!.Value, 12);
        Assert.Equal(TrajectoryShape.UShaped, fit.Shape);
        // the line's slope: se = √(18.4/3/10), t = 0.2/se on 3 df
        double t = 0.2 / Math.Sqrt(18.4 / 3 / 10);
        Assert.Equal(2 * (1 - TCdf3(t)), fit.LineSlopePValue!.Value, 10);
    }

    [Fact]
    public void QuadraticFit_Shapes()
    {
        double[] x = [1, 3, 5, 10, 20, 30, 50, 100];
        Assert.Equal(TrajectoryShape.InvertedU, QuadraticFit.Of(x, x.Select(v => -(v - 40) * (v - 40) + 0.01 * Math.Sin(v)).ToArray()).Shape);
        Assert.Equal(TrajectoryShape.Increasing, QuadraticFit.Of(x, x.Select(v => 0.5 * v + Math.Sin(v)).ToArray()).Shape);
        Assert.Equal(TrajectoryShape.Decreasing, QuadraticFit.Of(x, x.Select(v => -0.5 * v + Math.Sin(v)).ToArray()).Shape);
        // a significant parabola whose vertex lies left of the data is monotone over it
        Assert.Equal(TrajectoryShape.Increasing, QuadraticFit.Of(x, x.Select(v => (v + 50) * (v + 50)).ToArray()).Shape);
        Assert.Equal(TrajectoryShape.Flat, QuadraticFit.Of(x, [0.3, -0.2, 0.1, 0.4, -0.3, 0.2, -0.1, 0.0]).Shape);
    }

    [Fact]
    public void QuadraticFit_ThreePoints_HasNoTest_ShapeFromThePoints()
    {
        var fit = QuadraticFit.Of([1, 5, 20], [2, 1, 3]);
        Assert.Null(fit.QuadraticPValue);
        Assert.Equal(1, fit.RSquared!.Value, 10);
        Assert.Equal(TrajectoryShape.UShaped, fit.Shape);
        Assert.Equal(TrajectoryShape.Increasing, QuadraticFit.Of([1, 5, 20], [1, 2, 3]).Shape);
        Assert.Equal(TrajectoryShape.Undetermined, QuadraticFit.Of([1, 5], [1, 2]).Shape);
    }
}
