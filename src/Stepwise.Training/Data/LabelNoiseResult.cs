namespace Stepwise.Training.Data;

/// <summary>The train rows whose labels were flipped (ascending) and their labels before flipping.</summary>
internal sealed record LabelNoiseResult(long[] Indices, int[] OriginalLabels)
{
    public static LabelNoiseResult None { get; } = new([], []);
}
