namespace Stepwise.Training.Models;

/// <summary>The per-row gradient weights and objective a micro-batch reports (<see cref="ITrainModel.TrainMicroBatch"/>).</summary>
internal static class TrainModelWeights
{
    /// <summary>Writes scale·mᵢ·wᵢ into <paramref name="weights"/>; returns <paramref name="loss"/> when every mᵢ is 1
    /// (no multipliers), else Σᵢ mᵢ·wᵢ·ℓᵢ + <paramref name="l2"/> summed in float64 in row order.</summary>
    public static double Fill(Span<float> weights, ReadOnlySpan<float> shares, ReadOnlySpan<float> losses, ReadOnlySpan<float> multipliers,
        float scale, float loss, float l2)
    {
        int b = shares.Length;
        if (multipliers.IsEmpty)
        {
            for (int i = 0; i < b; i++) weights[i] = scale * shares[i];
            return loss;
        }
        double objective = l2;
        for (int i = 0; i < b; i++)
        {
            weights[i] = scale * multipliers[i] * shares[i];
            objective += (double)multipliers[i] * shares[i] * losses[i];
        }
        return objective;
    }
}
