using Stepwise.Engine;


namespace Stepwise.Training.Data;

/// <summary>
/// Standard normal deviates from an <see cref="Rng"/> using only IEEE-754 basic operations and square root (the
/// Marsaglia polar method with a series logarithm), so a seed gives bit-identical values on every platform; the
/// runtime's Math.Log and Math.Cos are not guaranteed to round identically everywhere.
/// </summary>
internal static class PortableGaussian
{
    private const double Ln2 = 0.6931471805599453;

    /// <summary>One N(0, 1) deviate (the polar method's second value is discarded, so each call is independent).</summary>
    public static double Next(Rng rng)
    {
        while (true)
        {
            double u = 2.0 * rng.NextDouble() - 1.0;
            double v = 2.0 * rng.NextDouble() - 1.0;
            double s = u * u + v * v;
            if (s >= 1.0 || s == 0.0) continue;
            return u * Math.Sqrt(-2.0 * Log(s) / s);
        }
    }

    /// <summary>The natural logarithm of a positive finite <paramref name="x"/>, to about 1 ulp, from basic operations only.</summary>
    public static double Log(double x)
    {
        int e = 0;
        while (x >= 1.4142135623730951) { x *= 0.5; e++; }
        while (x < 0.7071067811865476) { x *= 2.0; e--; }
        // x in [1/√2, √2): ln x = 2·atanh(z), z = (x−1)/(x+1), |z| ≤ 0.1716, z² ≤ 0.0295.
        double z = (x - 1.0) / (x + 1.0);
        double z2 = z * z;
        double term = z;
        double sum = 0.0;
        for (int k = 1; k <= 31; k += 2)
        {
            sum += term / k;
            term *= z2;
        }
        return e * Ln2 + 2.0 * sum;
    }
}
