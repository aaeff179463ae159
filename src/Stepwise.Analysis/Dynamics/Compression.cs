using Stepwise.Engine.Kernels;

namespace Stepwise.Analysis.Dynamics;

/// <summary>
/// Seed 002's neighbourhood compression between consecutive layer states. For token i, N_k(i) are the k nearest other
/// tokens of its state h_i^ℓ (Euclidean, exact, ties by index: <see cref="NearestNeighbors"/>) among all tokens given;
/// the spread of a set at a layer is its summed per-dimension population variance,
/// (1/k)·Σ_{j∈N} ‖h_j − mean_N h‖². With V_i the spread of N_k(i) at ℓ and S_i its spread at ℓ + 1:
/// the absolute score −ln(S_i + ε) (seed 002's, scale-dependent) and the scale-free score ln((V_i + ε)/(S_i + ε)),
/// ε = 1e-10. A layer that maps every state to c⁻¹ times itself scores 2·ln c on the scale-free score.
/// </summary>
public static class Compression
{
    /// <summary>ε of both scores (seed 002's).</summary>
    public const double Epsilon = 1e-10;

    /// <summary>The absolute score −ln(S + ε).</summary>
    public static double Absolute(double spreadNext) => -Math.Log(spreadNext + Epsilon);

    /// <summary>The scale-free score ln((V + ε)/(S + ε)).</summary>
    public static double ScaleFree(double spreadHere, double spreadNext) => Math.Log((spreadHere + Epsilon) / (spreadNext + Epsilon));

    /// <summary>
    /// Per token, the spreads V (at <paramref name="here"/>) and S (at <paramref name="next"/>) of its
    /// <paramref name="k"/> nearest neighbours at <paramref name="here"/>; both layers are (tokens, width), row i the
    /// same token.
    /// </summary>
    /// <exception cref="ArgumentException">A shape is inconsistent or k is outside 1..tokens−1.</exception>
    public static void Spreads(ReadOnlySpan<float> here, ReadOnlySpan<float> next, int tokens, int width, int k, Span<double> spreadHere, Span<double> spreadNext)
    {
        if (next.Length < (long)tokens * width) throw new ArgumentException($"next needs {(long)tokens * width} values, has {next.Length}", nameof(next));
        if (spreadHere.Length < tokens || spreadNext.Length < tokens) throw new ArgumentException($"the spreads need {tokens} values", nameof(spreadHere));
        var neighbors = new int[checked(tokens * k)];
        NearestNeighbors.SearchSelf(here, tokens, width, k, neighbors);
        var mean = new double[width];
        for (int i = 0; i < tokens; i++)
        {
            var set = neighbors.AsSpan(i * k, k);
            spreadHere[i] = Spread(here, width, set, mean);
            spreadNext[i] = Spread(next, width, set, mean);
        }
    }

    /// <summary>(1/|set|)·Σ_j ‖x_j − mean‖² over rows <paramref name="set"/> of <paramref name="x"/>, in float64.</summary>
    public static double Spread(ReadOnlySpan<float> x, int width, ReadOnlySpan<int> set, Span<double> mean)
    {
        mean = mean[..width];
        mean.Clear();
        foreach (int j in set)
        {
            var row = x.Slice(j * width, width);
            for (int p = 0; p < width; p++) mean[p] += row[p];
        }
        for (int p = 0; p < width; p++) mean[p] /= set.Length;
        double sum = 0;
        foreach (int j in set)
        {
            var row = x.Slice(j * width, width);
            for (int p = 0; p < width; p++)
            {
                double d = row[p] - mean[p];
                sum += d * d;
            }
        }
        return sum / set.Length;
    }
}
