namespace Stepwise.Analysis.Dynamics.Statistics;

/// <summary>
/// Least-squares fits of y = a·x² + b·x + c and of the line y = b₁·x + c₁ to n points, the F-test of the quadratic
/// term against the line, and the trajectory's <see cref="Shape"/>.
/// </summary>
/// <remarks>
/// <para>F = (SSE_line − SSE_quad) / (SSE_quad / (n − 3)) with p = P(F(1, n − 3) ≥ F) (= the two-sided t(n − 3) tail of √F), defined for n ≥ 4 (with n = 3
/// the parabola passes through every point). The line's slope has its t-test, t = b₁ / se(b₁), n − 2 degrees of
/// freedom. R² = 1 − SSE/SST (1 when SST = 0). Solved on x − x̄ (normal equations in float64, partial pivoting), then
/// expressed in x.</para>
/// <para>Shape, at level α (0.05): with n ≥ 4, u_shaped / inverted_u when the quadratic term is significant and its
/// vertex −b/2a lies strictly inside [min x, max x] (a &gt; 0 / a &lt; 0); else increasing / decreasing when the
/// line's slope is significant (its sign), or when the quadratic term is significant with its vertex outside (the sign
/// of ŷ(max x) − ŷ(min x)); else flat. With n = 3 there is no test and the shape is that of the points: the middle one
/// below both ends u_shaped, above both inverted_u, else increasing / decreasing (flat when all are equal). With
/// n &lt; 3: undetermined.</para>
/// </remarks>
public sealed record QuadraticFit
{
    /// <summary>The significance level of the shape rules.</summary>
    public const double Alpha = 0.05;

    /// <summary>Points.</summary>
    public required int N { get; init; }
    /// <summary>Quadratic coefficient a (null when n &lt; 3 or the x values are fewer than 3 distinct).</summary>
    public double? A { get; init; }
    /// <summary>Linear coefficient b of the quadratic.</summary>
    public double? B { get; init; }
    /// <summary>Constant c of the quadratic.</summary>
    public double? C { get; init; }
    /// <summary>R² of the quadratic.</summary>
    public double? RSquared { get; init; }
    /// <summary>The vertex's x, −b/(2a) (null when a is 0 or null).</summary>
    public double? Vertex { get; init; }
    /// <summary>Slope b₁ of the line.</summary>
    public double? LineSlope { get; init; }
    /// <summary>Intercept c₁ of the line.</summary>
    public double? LineIntercept { get; init; }
    /// <summary>R² of the line.</summary>
    public double? LineRSquared { get; init; }
    /// <summary>Two-sided p of the line's slope (null when n &lt; 3; 0 for a perfect non-flat line).</summary>
    public double? LineSlopePValue { get; init; }
    /// <summary>The F statistic of the quadratic term (null when n &lt; 4; +∞ for a perfect parabola off the line).</summary>
    public double? F { get; init; }
    /// <summary>p of the F-test (null when n &lt; 4).</summary>
    public double? QuadraticPValue { get; init; }
    /// <summary>Whether the quadratic term is significant at <see cref="Alpha"/> (null when n &lt; 4).</summary>
    public bool? QuadraticSignificant => QuadraticPValue is { } p ? p < Alpha : null;
    /// <summary>The trajectory's shape.</summary>
    public required TrajectoryShape Shape { get; init; }

    /// <summary>Fits <paramref name="y"/> against <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentException">The lengths differ or a value is not finite.</exception>
    public static QuadraticFit Of(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values, y {y.Count}", nameof(y));
        int n = x.Count;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i])) throw new ArgumentException($"point {i} is not finite", nameof(x));
        }
        if (n < 3 || x.Distinct().Count() < 3) return new QuadraticFit { N = n, Shape = TrajectoryShape.Undetermined };
        double xm = x.Average(), ym = y.Average();
        double[] u = x.Select(v => v - xm).ToArray();
        double sst = y.Sum(v => (v - ym) * (v - ym));

        // line on u: slope = Σu·y / Σu², intercept ȳ
        double suu = u.Sum(v => v * v), suy = 0;
        for (int i = 0; i < n; i++) suy += u[i] * (y[i] - ym);
        double slope = suy / suu;
        double sseLine = 0;
        for (int i = 0; i < n; i++)
        {
            double e = y[i] - ym - slope * u[i];
            sseLine += e * e;
        }

        // parabola on u: normal equations for (γ, β, α) of γ + β·u + α·u²
        var m = new double[3, 4];
        for (int i = 0; i < n; i++)
        {
            double[] row = [1, u[i], u[i] * u[i]];
            for (int r = 0; r < 3; r++)
            {
                for (int col = 0; col < 3; col++) m[r, col] += row[r] * row[col];
                m[r, 3] += row[r] * y[i];
            }
        }
        double[] s = Solve(m);
        double gamma = s[0], beta = s[1], alpha = s[2];
        double sseQuad = 0;
        for (int i = 0; i < n; i++)
        {
            double e = y[i] - (gamma + beta * u[i] + alpha * u[i] * u[i]);
            sseQuad += e * e;
        }
        // back to x: α(x − x̄)² + β(x − x̄) + γ
        double a = alpha, b = beta - 2 * alpha * xm, c = gamma - beta * xm + alpha * xm * xm;
        double? vertex = a != 0 ? -b / (2 * a) : null;

        double? slopeP = null;
        if (n >= 3)
        {
            double df = n - 2;
            if (sseLine <= 1e-24 * Math.Max(1, sst)) slopeP = slope == 0 ? 1 : 0;
            else slopeP = Correlations.TwoSidedT(slope / Math.Sqrt(sseLine / df / suu), df);
        }
        double? f = null, fp = null;
        if (n >= 4)
        {
            double gain = Math.Max(0, sseLine - sseQuad);
            double scale = Math.Max(1e-300, sst);
            if (sseQuad <= 1e-24 * scale)
            {
                f = gain <= 1e-24 * scale ? 0 : double.PositiveInfinity;
                fp = gain <= 1e-24 * scale ? 1 : 0;
            }
            else
            {
                f = gain / (sseQuad / (n - 3));
                // F(1, ν) is t(ν)²: the two-sided t tail keeps the digits of small p-values
                fp = Correlations.TwoSidedT(Math.Sqrt(f.Value), n - 3);
            }
        }
        double R2(double sse) => sst > 0 ? 1 - sse / sst : 1;
        var fit = new QuadraticFit
        {
            N = n,
            A = a,
            B = b,
            C = c,
            RSquared = R2(sseQuad),
            Vertex = vertex,
            LineSlope = slope,
            LineIntercept = ym - slope * xm,
            LineRSquared = R2(sseLine),
            LineSlopePValue = slopeP,
            F = f,
            QuadraticPValue = fp,
            Shape = TrajectoryShape.Undetermined,
        };
        return fit with { Shape = Classify(fit, x, y) };
    }

    private static TrajectoryShape Classify(QuadraticFit fit, IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double lo = x.Min(), hi = x.Max();
        if (fit.N == 3)
        {
            var pts = x.Zip(y).OrderBy(p => p.First).Select(p => p.Second).ToArray();
            if (pts[1] < pts[0] && pts[1] < pts[2]) return TrajectoryShape.UShaped;
            if (pts[1] > pts[0] && pts[1] > pts[2]) return TrajectoryShape.InvertedU;
            if (pts[2] > pts[0]) return TrajectoryShape.Increasing;
            return pts[2] < pts[0] ? TrajectoryShape.Decreasing : TrajectoryShape.Flat;
        }
        bool quadratic = fit.QuadraticSignificant == true;
        if (quadratic && fit.Vertex is { } v && v > lo && v < hi) return fit.A > 0 ? TrajectoryShape.UShaped : TrajectoryShape.InvertedU;
        if (fit.LineSlopePValue is { } sp && sp < Alpha) return fit.LineSlope > 0 ? TrajectoryShape.Increasing : TrajectoryShape.Decreasing;
        if (quadratic)
        {
            double Yhat(double t) => fit.A!.Value * t * t + fit.B!.Value * t + fit.C!.Value;
            return Yhat(hi) > Yhat(lo) ? TrajectoryShape.Increasing : TrajectoryShape.Decreasing;
        }
        return TrajectoryShape.Flat;
    }

    /// <summary>Gaussian elimination with partial pivoting on the 3 × 4 augmented matrix.</summary>
    private static double[] Solve(double[,] m)
    {
        for (int col = 0; col < 3; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < 3; r++) if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col])) pivot = r;
            if (pivot != col) for (int c = 0; c < 4; c++) (m[col, c], m[pivot, c]) = (m[pivot, c], m[col, c]);
            for (int r = col + 1; r < 3; r++)
            {
                double factor = m[r, col] / m[col, col];
                for (int c = col; c < 4; c++) m[r, c] -= factor * m[col, c];
            }
        }
        var s = new double[3];
        for (int r = 2; r >= 0; r--)
        {
            double v = m[r, 3];
            for (int c = r + 1; c < 3; c++) v -= m[r, c] * s[c];
            s[r] = v / m[r, r];
        }
        return s;
    }
}
