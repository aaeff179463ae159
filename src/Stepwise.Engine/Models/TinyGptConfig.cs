namespace Stepwise.Engine.Models;

/// <summary>Shape of a <see cref="TinyGpt{T}"/>: vocabulary V (256 for bytes, or a char vocabulary), context length
/// (max T), layers L, heads NH, channels C (divisible by NH), residual dropout p, and whether the output head shares
/// the token embedding (weight tying).</summary>
public sealed record TinyGptConfig(int Vocab = 256, int Context = 128, int Layers = 4, int Heads = 4, int Channels = 128, double Dropout = 0.0, bool TieWeights = true)
{
    /// <summary>A message when the shape is invalid, else null.</summary>
    public string? Validate()
    {
        if (Vocab < 2) return $"vocab must be ≥ 2, got {Vocab}";
        if (Context < 1) return $"context must be ≥ 1, got {Context}";
        if (Layers < 1) return $"layers must be ≥ 1, got {Layers}";
        if (Heads < 1 || Channels < 1 || Channels % Heads != 0) return $"width {Channels} must be a positive multiple of heads {Heads}";
        if (Dropout is < 0 or >= 1) return $"dropout must be in [0, 1), got {Dropout}";
        return null;
    }
}
