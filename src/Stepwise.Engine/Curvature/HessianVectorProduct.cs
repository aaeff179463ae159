namespace Stepwise.Engine.Curvature;

/// <summary>
/// Hessian-vector products H·v of a loss by central differences of its float64 gradient:
/// Hv ≈ (∇f(θ + εv) − ∇f(θ − εv)) / 2ε with ε = h/‖v‖, so the probe moves θ by h whatever the size of v.
/// The truncation error is O(h²) relative to ‖Hv‖ and rounding is O(1e-16·‖∇f‖/h); h = 1e-3 gives ≈ 1e-6 relative
/// error on smooth losses, including ‖v‖ = 1e-4, where a fixed ε (the public TIM code's) loses all precision.
/// </summary>
public static class HessianVectorProduct
{
    /// <summary>Writes H(θ)·v into <paramref name="result"/>. v = 0 gives 0.</summary>
    public static void Compute(IGradientFunction f, ReadOnlySpan<double> theta, ReadOnlySpan<double> v, Span<double> result, double h = 1e-3)
    {
        int n = f.Dimension;
        if (theta.Length != n || v.Length != n || result.Length < n) throw new ArgumentException($"vectors must have {n} entries");
        double norm = 0;
        foreach (double x in v) norm += x * x;
        norm = Math.Sqrt(norm);
        if (norm == 0)
        {
            result.Slice(0, n).Clear();
            return;
        }
        double eps = h / norm;
        var probe = new double[n];
        var gPlus = new double[n];
        var gMinus = new double[n];
        for (int i = 0; i < n; i++) probe[i] = theta[i] + eps * v[i];
        f.Evaluate(probe, gPlus);
        for (int i = 0; i < n; i++) probe[i] = theta[i] - eps * v[i];
        f.Evaluate(probe, gMinus);
        double inv = 1.0 / (2 * eps);
        for (int i = 0; i < n; i++) result[i] = (gPlus[i] - gMinus[i]) * inv;
    }
}
