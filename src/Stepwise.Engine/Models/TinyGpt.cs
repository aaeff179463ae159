using System.Numerics;
using System.Runtime.CompilerServices;
using Stepwise.Engine.Backends;
using Stepwise.Engine.Kernels;
using Stepwise.Engine.Layers;
using Stepwise.Engine.Parameters;

namespace Stepwise.Engine.Models;

/// <summary>
/// A GPT-2-style decoder (as llm.c): token + position embedding, L blocks of
/// [LayerNorm → qkv Linear → causal attention → proj Linear (+ dropout) → residual,
///  LayerNorm → Linear 4C → GELU → Linear C (+ dropout) → residual], final LayerNorm, logits by the (tied) token
/// embedding, softmax cross-entropy over targets (ignore index −1). Parameters in one flat buffer with named views;
/// the hidden states (the residual stream, (B, T, C), after the embedding and after every block) are exposed for
/// the dynamics work. Float32 runs the engine's kernels, every other type the reference loops (float64: gradient
/// checks, Hessian-vector products, the PyTorch comparison).
/// </summary>
/// <remarks>
/// Shapes: B = batch, T = sequence length ≤ context, C = channels, NH = heads, V = vocabulary, L = blocks.
/// For sequence i with nᵢ counted (non-ignored) targets and N = Σ nᵢ, the data loss of a batch is
/// Σᵢ wᵢ·ℓᵢ with ℓᵢ = sequence i's mean loss over its counted targets (<see cref="SampleLosses"/>) and
/// wᵢ = nᵢ/N (<see cref="SampleWeights"/>): the mean over all counted targets, which <see cref="Forward"/> returns.
/// The file is split by concern: this part (shape, parameters, forward), <c>TinyGpt.Backward.cs</c> (gradients and
/// per-sample dots) and <c>TinyGpt.Generate.cs</c> (sampling with a key/value cache).
/// </remarks>
public sealed partial class TinyGpt<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IBackend<T> _backend = Backend<T>.Default;
    private readonly TinyGptConfig _cfg;
    private readonly ParamView _wte, _wpe, _lnfw, _lnfb;
    private readonly ParamView? _head;
    private readonly Block[] _blocks;
    private TinyGptActivations<T> _a = null!;
    private int _capacityN = -1, _capacityB = -1, _batch, _time;
    private Rng _dropoutRng = new(0);

    /// <summary>The parameter views of one block (names h{l}.…).</summary>
    private sealed record Block(ParamView Ln1W, ParamView Ln1B, ParamView QkvW, ParamView QkvB, ParamView ProjW, ParamView ProjB,
        ParamView Ln2W, ParamView Ln2B, ParamView FcW, ParamView FcB, ParamView FcProjW, ParamView FcProjB);

    /// <summary>Creates the model with zero parameters; call <see cref="Initialize"/>.</summary>
    /// <exception cref="ArgumentException">The config is invalid.</exception>
    public TinyGpt(TinyGptConfig config)
    {
        if (config.Validate() is { } error) throw new ArgumentException(error, nameof(config));
        _cfg = config;
        int c = config.Channels, v = config.Vocab;
        Layout = new ParamLayout();
        _wte = Layout.Add("wte", v, c);
        _wpe = Layout.Add("wpe", config.Context, c);
        _blocks = new Block[config.Layers];
        for (int l = 0; l < config.Layers; l++)
        {
            string p = $"h{l}.";
            _blocks[l] = new Block(
                Layout.Add(p + "ln1.weight", c), Layout.Add(p + "ln1.bias", c),
                Layout.Add(p + "attn.qkv.weight", 3 * c, c), Layout.Add(p + "attn.qkv.bias", 3 * c),
                Layout.Add(p + "attn.proj.weight", c, c), Layout.Add(p + "attn.proj.bias", c),
                Layout.Add(p + "ln2.weight", c), Layout.Add(p + "ln2.bias", c),
                Layout.Add(p + "mlp.fc.weight", 4 * c, c), Layout.Add(p + "mlp.fc.bias", 4 * c),
                Layout.Add(p + "mlp.proj.weight", c, 4 * c), Layout.Add(p + "mlp.proj.bias", c));
        }
        _lnfw = Layout.Add("lnf.weight", c);
        _lnfb = Layout.Add("lnf.bias", c);
        if (!config.TieWeights) _head = Layout.Add("lm_head.weight", v, c);
        Params = new T[Layout.Size];
        Grads = new T[Layout.Size];
    }

    /// <summary>The shape.</summary>
    public TinyGptConfig Config => _cfg;

    /// <summary>The parameter layout.</summary>
    public ParamLayout Layout { get; }

    /// <summary>All parameters, flat.</summary>
    public T[] Params { get; }

    /// <summary>Accumulated gradients, same layout.</summary>
    public T[] Grads { get; }

    /// <summary>Whether dropout is active (training) or not (evaluation).</summary>
    public bool Training { get; set; } = true;

    /// <summary>Seeds the dropout masks' generator (its state is part of a checkpoint).</summary>
    public Rng DropoutRng { get => _dropoutRng; set => _dropoutRng = value; }

    /// <summary>Per-token losses of the last forward pass (B·T, nats; 0 at ignored targets).</summary>
    public ReadOnlySpan<T> TokenLosses => _a.Losses.AsSpan(0, _batch * _time);

    /// <summary>ℓᵢ for each sequence of the last forward pass (B, nats): the mean of its counted token losses, summed in
    /// position order; 0 for a sequence whose targets are all ignored.</summary>
    /// <exception cref="InvalidOperationException">The last forward had no targets.</exception>
    public ReadOnlySpan<T> SampleLosses
    {
        get
        {
            ComputeSampleTerms();
            return _a.SampleLosses.AsSpan(0, _batch);
        }
    }

    /// <summary>wᵢ = nᵢ/N for each sequence of the last forward pass (B): its counted targets over the batch's, so that
    /// Σᵢ wᵢ·ℓᵢ is the batch's mean token loss (up to rounding) and wᵢ·ℓᵢ is sequence i's share of it.</summary>
    /// <exception cref="InvalidOperationException">The last forward had no targets.</exception>
    public ReadOnlySpan<T> SampleWeights
    {
        get
        {
            ComputeSampleTerms();
            return _a.SampleWeights.AsSpan(0, _batch);
        }
    }

    /// <summary>Logits of the last forward pass (B, T, V).</summary>
    public ReadOnlySpan<T> Logits => _a.Logits.AsSpan(0, _batch * _time * _cfg.Vocab);

    /// <summary>Number of hidden states, L + 1: index 0 is the embedding output, index l the output of block l.</summary>
    public int HiddenStateCount => _blocks.Length + 1;

    /// <summary>The residual stream of the last forward pass at depth <paramref name="layer"/>, (B, T, C): 0 is the
    /// embedding output wte[token] + wpe[t] (the input of the first block), l in 1..L the output of the l-th block
    /// (parameters <c>h{l−1}.…</c>), before the final LayerNorm. As Hugging Face's <c>hidden_states</c>, except that
    /// the last one is not normalized.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layer"/> is outside 0..L.</exception>
    public ReadOnlySpan<T> HiddenState(int layer)
    {
        if (layer < 0 || layer > _blocks.Length) throw new ArgumentOutOfRangeException(nameof(layer), layer, $"hidden states are 0 (embedding) .. {_blocks.Length} (last block)");
        T[] state = layer == 0 ? _a.Embedded : _a.ResidualAfterMlp[layer - 1];
        return state.AsSpan(0, _batch * _time * _cfg.Channels);
    }

    /// <summary>GPT-2 init: weights N(0, 0.02), residual projections N(0, 0.02/√(2L)), biases 0, LayerNorm weight 1.</summary>
    public void Initialize(Rng rng)
    {
        Array.Clear(Params);
        double residualStd = 0.02 / Math.Sqrt(2.0 * _cfg.Layers);
        void Normal(ParamView view, double std)
        {
            Span<T> p = view.Of(Params);
            for (int i = 0; i < p.Length; i++) p[i] = T.CreateChecked(rng.NextGaussian() * std);
        }
        Normal(_wte, 0.02);
        Normal(_wpe, 0.01);
        foreach (var b in _blocks)
        {
            b.Ln1W.Of(Params).Fill(T.One);
            b.Ln2W.Of(Params).Fill(T.One);
            Normal(b.QkvW, 0.02);
            Normal(b.ProjW, residualStd);
            Normal(b.FcW, 0.02);
            Normal(b.FcProjW, residualStd);
        }
        _lnfw.Of(Params).Fill(T.One);
        if (_head is not null) Normal(_head, 0.02);
    }

    /// <summary>Sets every gradient to zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ZeroGrad() => ClearKernels.Clear(Grads);

    /// <summary>Copies parameters from a model of the same shape in another precision.</summary>
    public void CopyParamsFrom<TOther>(TinyGpt<TOther> other) where TOther : unmanaged, IFloatingPointIeee754<TOther>
    {
        if (other.Config != _cfg) throw new ArgumentException("configs differ", nameof(other));
        for (int i = 0; i < Params.Length; i++) Params[i] = T.CreateChecked(other.Params[i]);
    }

    /// <summary>Forward pass on tokens (B, T); with targets (B, T; −1 = ignore) returns the mean loss over counted
    /// targets, else 0. Caches what the backward pass needs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public T Forward(ReadOnlySpan<int> tokens, ReadOnlySpan<int> targets, int batch, int time)
    {
        if (time < 1 || time > _cfg.Context) throw new ArgumentOutOfRangeException(nameof(time), time, $"sequence length must be 1..{_cfg.Context}");
        Ensure(batch, time);
        int n = batch * time, c = _cfg.Channels, v = _cfg.Vocab, nh = _cfg.Heads;
        _batch = batch;
        _time = time;
        for (int i = 0; i < n; i++)
        {
            if (tokens[i] < 0 || tokens[i] >= v) throw new ArgumentOutOfRangeException(nameof(tokens), tokens[i], $"tokens must be in 0..{v - 1}");
        }
        var a = _a;
        tokens.Slice(0, n).CopyTo(a.Tokens);
        Embedding<T>.Forward(a.Embedded, tokens, _wte.Of(Params), _wpe.Of(Params), batch, time, c);
        ReadOnlySpan<T> residual = a.Embedded.AsSpan(0, n * c);
        for (int l = 0; l < _blocks.Length; l++)
        {
            var p = _blocks[l];
            // attention branch: residual + dropout(proj(attention(qkv(ln1(residual)))))
            _backend.LayerNormForward(a.Ln1Out[l], a.Ln1Mean[l], a.Ln1Rstd[l], residual, p.Ln1W.Of(Params), p.Ln1B.Of(Params), n, c);
            _backend.LinearForward(a.Qkv[l], a.Ln1Out[l], p.QkvW.Of(Params), p.QkvB.Of(Params), n, c, 3 * c);
            _backend.AttentionForward(a.AttentionOutput[l], a.AttentionWeights[l], a.Qkv[l], batch, time, c, nh);
            _backend.LinearForward(a.AttentionProjected[l], a.AttentionOutput[l], p.ProjW.Of(Params), p.ProjB.Of(Params), n, c, c);
            Dropout<T>.Forward(a.AttentionProjected[l], a.AttentionDropoutMask[l], a.AttentionProjected[l].AsSpan(0, n * c), _cfg.Dropout, Training, _dropoutRng);
            Residual<T>.Forward(a.ResidualAfterAttention[l].AsSpan(0, n * c), residual, a.AttentionProjected[l].AsSpan(0, n * c));
            // MLP branch: residual + dropout(proj(gelu(fc(ln2(residual)))))
            _backend.LayerNormForward(a.Ln2Out[l], a.Ln2Mean[l], a.Ln2Rstd[l], a.ResidualAfterAttention[l], p.Ln2W.Of(Params), p.Ln2B.Of(Params), n, c);
            _backend.LinearForward(a.FcPre[l], a.Ln2Out[l], p.FcW.Of(Params), p.FcB.Of(Params), n, c, 4 * c);
            _backend.ActivationForward(Activation.Gelu, a.FcGelu[l].AsSpan(0, n * 4 * c), a.FcPre[l].AsSpan(0, n * 4 * c));
            _backend.LinearForward(a.MlpProjected[l], a.FcGelu[l], p.FcProjW.Of(Params), p.FcProjB.Of(Params), n, 4 * c, c);
            Dropout<T>.Forward(a.MlpProjected[l], a.MlpDropoutMask[l], a.MlpProjected[l].AsSpan(0, n * c), _cfg.Dropout, Training, _dropoutRng);
            Residual<T>.Forward(a.ResidualAfterMlp[l].AsSpan(0, n * c), a.ResidualAfterAttention[l].AsSpan(0, n * c), a.MlpProjected[l].AsSpan(0, n * c));
            residual = a.ResidualAfterMlp[l].AsSpan(0, n * c);
        }
        _backend.LayerNormForward(a.LnfOut, a.LnfMean, a.LnfRstd, residual, _lnfw.Of(Params), _lnfb.Of(Params), n, c);
        _backend.LinearForward(a.Logits, a.LnfOut, HeadWeight(Params), ReadOnlySpan<T>.Empty, n, c, v);
        if (targets.IsEmpty)
        {
            a.Counted = 0;
            return T.Zero;
        }
        targets.Slice(0, n).CopyTo(a.Targets);
        var (loss, counted) = _backend.CrossEntropyForward(a.Probs, a.Losses, a.Logits.AsSpan(0, n * v), a.Targets, n, v, -1);
        a.Counted = counted;
        return loss;
    }

    /// <summary>Fills the activations' SampleLosses and SampleWeights from the last forward's token losses.</summary>
    private void ComputeSampleTerms()
    {
        if (_a is null || _a.Counted == 0) throw new InvalidOperationException("per-sample losses need a Forward with targets (and at least one counted target)");
        int time = _time;
        T total = T.CreateChecked(_a.Counted);
        for (int b = 0; b < _batch; b++)
        {
            int counted = 0;
            T sum = T.Zero;
            for (int t = 0; t < time; t++)
            {
                if (_a.Targets[b * time + t] == -1) continue;
                counted++;
                sum += _a.Losses[b * time + t];
            }
            T n = T.CreateChecked(counted);
            _a.SampleLosses[b] = counted == 0 ? T.Zero : sum / n;
            _a.SampleWeights[b] = n / total;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Span<T> HeadWeight(T[] buffer) => (_head ?? _wte).Of(buffer);

    private void Ensure(int batch, int time)
    {
        int n = checked(batch * time);
        if (n <= _capacityN && batch <= _capacityB && _a is not null && _a.Time >= time) return;
        n = Math.Max(n, _capacityN);
        batch = Math.Max(batch, _capacityB);
        _a = new TinyGptActivations<T>(_cfg, batch, Math.Max(time, _a?.Time ?? 0), n);
        _capacityN = n;
        _capacityB = batch;
    }
}
