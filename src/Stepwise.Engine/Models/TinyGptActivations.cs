using System.Numerics;

namespace Stepwise.Engine.Models;

/// <summary>
/// What a <see cref="TinyGpt{T}"/> forward pass caches for its backward pass, and the backward pass's scratch, as
/// llm.c's <c>ActivationTensors</c>: one buffer per tensor, sized for up to N = B·T rows (B sequences of T ≤ context
/// tokens). Per-block tensors are arrays over the L blocks. Shapes: C = channels, NH = heads, V = vocabulary.
/// </summary>
internal sealed class TinyGptActivations<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TinyGptActivations(TinyGptConfig cfg, int batch, int time, int rows)
    {
        int c = cfg.Channels, v = cfg.Vocab, layers = cfg.Layers;
        int n = Math.Max(rows, batch * time);
        Time = time;
        T[][] PerBlock(int size) => Enumerable.Range(0, layers).Select(_ => new T[size]).ToArray();
        Tokens = new int[n];
        Targets = new int[n];
        Embedded = new T[n * c];
        Ln1Out = PerBlock(n * c); Ln1Mean = PerBlock(n); Ln1Rstd = PerBlock(n);
        Qkv = PerBlock(n * 3 * c);
        AttentionWeights = PerBlock(batch * cfg.Heads * time * time);
        AttentionOutput = PerBlock(n * c);
        AttentionProjected = PerBlock(n * c); AttentionDropoutMask = PerBlock(n * c);
        ResidualAfterAttention = PerBlock(n * c);
        Ln2Out = PerBlock(n * c); Ln2Mean = PerBlock(n); Ln2Rstd = PerBlock(n);
        FcPre = PerBlock(n * 4 * c); FcGelu = PerBlock(n * 4 * c);
        MlpProjected = PerBlock(n * c); MlpDropoutMask = PerBlock(n * c);
        ResidualAfterMlp = PerBlock(n * c);
        LnfOut = new T[n * c]; LnfMean = new T[n]; LnfRstd = new T[n];
        Logits = new T[n * v]; Probs = new T[n * v]; Losses = new T[n];
        SampleLosses = new T[batch]; SampleWeights = new T[batch];
        DLogits = new T[n * v];
        DNormOut = new T[n * c]; DResidual = new T[n * c]; DBranch = new T[n * c]; DAttentionOutput = new T[n * c];
        DQkv = new T[n * 3 * c]; DFcPre = new T[n * 4 * c]; DFcGelu = new T[n * 4 * c];
        RowDots = new T[n];
        Projected = new T[n * Math.Max(v, 4 * c)];
        NormScratch = new T[2 * c];
        SequenceScales = new T[batch];
    }

    /// <summary>The largest T these buffers hold (AttentionWeights is sized for it).</summary>
    public int Time { get; }

    /// <summary>N, the counted (non-ignored) targets of the last forward; 0 without targets.</summary>
    public int Counted { get; set; }

    // ---- inputs
    public int[] Tokens { get; }                      // (B, T)
    public int[] Targets { get; }                     // (B, T); −1 = ignored

    // ---- embedding: the residual stream entering block 0 (hidden state 0)
    public T[] Embedded { get; }                      // (B, T, C) = wte[token] + wpe[t]

    // ---- blocks, each (L) × the shape given
    public T[][] Ln1Out { get; }                      // (B, T, C) LayerNorm 1 of the block input
    public T[][] Ln1Mean { get; }                     // (B, T)
    public T[][] Ln1Rstd { get; }                     // (B, T) 1/√(var + ε)
    public T[][] Qkv { get; }                         // (B, T, 3C) = [q | k | v]
    public T[][] AttentionWeights { get; }            // (B, NH, T, T) softmax(q·kᵀ/√hs), causal (0 above the diagonal)
    public T[][] AttentionOutput { get; }             // (B, T, C) att·v, heads side by side, before the projection
    public T[][] AttentionProjected { get; }          // (B, T, C) the projection, after dropout
    public T[][] AttentionDropoutMask { get; }        // (B, T, C) 0 or 1/(1−p)
    public T[][] ResidualAfterAttention { get; }      // (B, T, C) block input + AttentionProjected
    public T[][] Ln2Out { get; }                      // (B, T, C) LayerNorm 2 of ResidualAfterAttention
    public T[][] Ln2Mean { get; }                     // (B, T)
    public T[][] Ln2Rstd { get; }                     // (B, T)
    public T[][] FcPre { get; }                       // (B, T, 4C) Ln2Out·Wᵀ + b, before GELU
    public T[][] FcGelu { get; }                      // (B, T, 4C) GELU(FcPre)
    public T[][] MlpProjected { get; }                // (B, T, C) FcGelu·Wᵀ + b, after dropout
    public T[][] MlpDropoutMask { get; }              // (B, T, C)
    public T[][] ResidualAfterMlp { get; }            // (B, T, C) ResidualAfterAttention + MlpProjected: the block output (hidden state l+1)

    // ---- head
    public T[] LnfOut { get; }                        // (B, T, C) final LayerNorm
    public T[] LnfMean { get; }                       // (B, T)
    public T[] LnfRstd { get; }                       // (B, T)
    public T[] Logits { get; }                        // (B, T, V) LnfOut·Wheadᵀ
    public T[] Probs { get; }                         // (B, T, V) softmax(Logits)
    public T[] Losses { get; }                        // (B, T) cross-entropy per position, 0 at ignored targets
    public T[] SampleLosses { get; }                  // (B) ℓᵢ: sequence i's mean loss over its counted targets (0 if none)
    public T[] SampleWeights { get; }                 // (B) wᵢ = nᵢ/N

    // ---- backward scratch
    public T[] DLogits { get; }                       // (B, T, V)
    public T[] DNormOut { get; }                      // (B, T, C) ∂loss/∂(a LayerNorm's output): lnf, ln2, ln1 in turn
    public T[] DResidual { get; }                     // (B, T, C) ∂loss/∂(the residual stream), flowing down the blocks
    public T[] DBranch { get; }                       // (B, T, C) ∂loss/∂(a branch's projection before dropout)
    public T[] DAttentionOutput { get; }              // (B, T, C)
    public T[] DQkv { get; }                          // (B, T, 3C)
    public T[] DFcPre { get; }                        // (B, T, 4C)
    public T[] DFcGelu { get; }                       // (B, T, 4C)

    // ---- per-sample dots
    public T[] RowDots { get; }                       // (B, T) each position's share of ⟨u, ∇ℓᵢ⟩
    public T[] Projected { get; }                     // (B, T, max(V, 4C)) x·Uᵀ + u_b for one linear map
    public T[] NormScratch { get; }                   // (2C) discarded LayerNorm parameter gradients
    public T[] SequenceScales { get; }                // (B) 1/nᵢ (0 for a sequence without counted targets)
}
