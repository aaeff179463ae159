namespace Stepwise.Analysis.Dynamics;

/// <summary>
/// The hidden states of every passage's tokens at one scheduled epoch: <see cref="Layers"/>[ℓ] is (tokens, width) for
/// ℓ = 0 (embedding output) .. L (last block, before the final LayerNorm); tokens are passage by passage (training then
/// novel), each passage's first min(n, context) tokens in order.
/// </summary>
/// <param name="Layers">L + 1 arrays of tokens × width floats.</param>
/// <param name="Width">C, the model width.</param>
/// <param name="Passage">Per token, the position of its passage in the measured order (0-based).</param>
/// <param name="Trained">Per passage, 1 when trained on.</param>
/// <param name="SourceIndex">Per passage, its index in its source text.</param>
public sealed record LayerStates(IReadOnlyList<float[]> Layers, int Width, int[] Passage, byte[] Trained, int[] SourceIndex)
{
    /// <summary>Tokens (rows).</summary>
    public int Tokens => Passage.Length;
}
