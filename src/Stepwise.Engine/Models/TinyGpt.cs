using System.Numerics;
using System.Runtime.CompilerServices;
using Stepwise.Engine.Kernels;
using Stepwise.Engine.Layers;
using Stepwise.Engine.Parameters;

namespace Stepwise.Engine.Models;

/// <summary>
/// A GPT-2-style decoder (as llm.c): token + position embedding, L blocks of
/// [LayerNorm → qkv Linear → causal attention → proj Linear (+ dropout) → residual,
///  LayerNorm → Linear 4C → GELU → Linear C (+ dropout) → residual], final LayerNorm, logits by the (tied) token
/// embedding, softmax cross-entropy over targets (ignore index −1). Parameters in one flat buffer with named views;
/// the hidden state after every block (residual stream, (B, T, C)) is exposed for the dynamics work.
/// </summary>
/// <remarks>Shapes: B = batch, T = sequence length ≤ context, C = channels, NH = heads, V = vocabulary, N = B·T.</remarks>
public sealed class TinyGpt<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TinyGptConfig _cfg;
    private readonly ParamView _wte, _wpe, _lnfw, _lnfb;
    private readonly ParamView? _head;
    private readonly Block[] _blocks;
    private Acts _a = null!;
    private int _capacityN = -1, _capacityB = -1, _batch, _time;
    private Rng _dropoutRng = new(0);

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

    /// <summary>Per-token losses of the last forward pass (B·T; 0 at ignored targets).</summary>
    public ReadOnlySpan<T> TokenLosses => _a.Losses.AsSpan(0, _batch * _time);

    /// <summary>Logits of the last forward pass (B, T, V).</summary>
    public ReadOnlySpan<T> Logits => _a.Logits.AsSpan(0, _batch * _time * _cfg.Vocab);

    /// <summary>The residual stream after block <paramref name="layer"/> from the last forward pass (B, T, C).</summary>
    public ReadOnlySpan<T> HiddenState(int layer) => _a.Res3[layer].AsSpan(0, _batch * _time * _cfg.Channels);

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

    /// <summary>Seeds the dropout masks' generator (its state is part of a checkpoint).</summary>
    public Rng DropoutRng { get => _dropoutRng; set => _dropoutRng = value; }

    /// <summary>Sets every gradient to zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ZeroGrad() => Kernels.ClearKernels.Clear(Grads);

    /// <summary>Copies parameters from a model of the same shape in another precision.</summary>
    public void CopyParamsFrom<TOther>(TinyGpt<TOther> other) where TOther : unmanaged, IFloatingPointIeee754<TOther>
    {
        if (other.Config != _cfg) throw new ArgumentException("configs differ", nameof(other));
        for (int i = 0; i < Params.Length; i++) Params[i] = T.CreateChecked(other.Params[i]);
    }

    /// <summary>Forward pass on tokens (B, T); with targets (B, T; −1 = ignore) returns the mean loss over counted
    /// targets, else 0. Caches what <see cref="Backward"/> needs.</summary>
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
            if ((uint)tokens[i] >= (uint)v) throw new ArgumentOutOfRangeException(nameof(tokens), tokens[i], $"tokens must be in 0..{v - 1}");
        }
        tokens.Slice(0, n).CopyTo(_a.Tokens);
        Embedding<T>.Forward(_a.Encoded, tokens, _wte.Of(Params), _wpe.Of(Params), batch, time, c);
        ReadOnlySpan<T> residual = _a.Encoded.AsSpan(0, n * c);
        for (int l = 0; l < _blocks.Length; l++)
        {
            var p = _blocks[l];
            LayerNorm<T>.Forward(_a.Ln1[l], _a.Ln1Mean[l], _a.Ln1Rstd[l], residual, p.Ln1W.Of(Params), p.Ln1B.Of(Params), n, c);
            MatMul<T>.ForwardNT(_a.Qkv[l], _a.Ln1[l], p.QkvW.Of(Params), p.QkvB.Of(Params), n, c, 3 * c);
            CausalSelfAttention<T>.Forward(_a.Atty[l], _a.Att[l], _a.Qkv[l], batch, time, c, nh);
            MatMul<T>.ForwardNT(_a.AttProj[l], _a.Atty[l], p.ProjW.Of(Params), p.ProjB.Of(Params), n, c, c);
            Dropout<T>.Forward(_a.AttProj[l], _a.MaskA[l], _a.AttProj[l].AsSpan(0, n * c), _cfg.Dropout, Training, _dropoutRng);
            Residual<T>.Forward(_a.Res2[l].AsSpan(0, n * c), residual, _a.AttProj[l].AsSpan(0, n * c));
            LayerNorm<T>.Forward(_a.Ln2[l], _a.Ln2Mean[l], _a.Ln2Rstd[l], _a.Res2[l], p.Ln2W.Of(Params), p.Ln2B.Of(Params), n, c);
            MatMul<T>.ForwardNT(_a.Fch[l], _a.Ln2[l], p.FcW.Of(Params), p.FcB.Of(Params), n, c, 4 * c);
            Activations<T>.Forward(Activation.Gelu, _a.FchGelu[l].AsSpan(0, n * 4 * c), _a.Fch[l].AsSpan(0, n * 4 * c));
            MatMul<T>.ForwardNT(_a.FcProj[l], _a.FchGelu[l], p.FcProjW.Of(Params), p.FcProjB.Of(Params), n, 4 * c, c);
            Dropout<T>.Forward(_a.FcProj[l], _a.MaskF[l], _a.FcProj[l].AsSpan(0, n * c), _cfg.Dropout, Training, _dropoutRng);
            Residual<T>.Forward(_a.Res3[l].AsSpan(0, n * c), _a.Res2[l].AsSpan(0, n * c), _a.FcProj[l].AsSpan(0, n * c));
            residual = _a.Res3[l].AsSpan(0, n * c);
        }
        LayerNorm<T>.Forward(_a.Lnf, _a.LnfMean, _a.LnfRstd, residual, _lnfw.Of(Params), _lnfb.Of(Params), n, c);
        MatMul<T>.ForwardNT(_a.Logits, _a.Lnf, HeadWeight(Params), ReadOnlySpan<T>.Empty, n, c, v);
        if (targets.IsEmpty)
        {
            _a.Counted = 0;
            return T.Zero;
        }
        targets.Slice(0, n).CopyTo(_a.Targets);
        var (loss, counted) = SoftmaxCrossEntropy<T>.Forward(_a.Probs, _a.Losses, _a.Logits.AsSpan(0, n * v), _a.Targets, n, v);
        _a.Counted = counted;
        return loss;
    }

    /// <summary>Accumulates the gradient of the last forward's mean loss, times <paramref name="scale"/>, into <see cref="Grads"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backward(T? scale = null)
    {
        if (_a.Counted == 0) throw new InvalidOperationException("Backward needs a Forward with targets (and at least one counted target)");
        T s = (scale ?? T.One) / T.CreateChecked(_a.Counted);
        BackwardCore(ReadOnlySpan<T>.Empty, Span<T>.Empty, s, null);
    }

    /// <summary>
    /// For each sequence b of the last forward, ⟨u, ∇ℓ_b(θ)⟩ where ℓ_b is the mean loss over b's counted targets and u is
    /// a parameter-space vector in <see cref="Layout"/>. One backward pass in which every parameter-gradient accumulation
    /// is replaced by per-position dot products (⟨U, δaᵀ⟩ = δᵀUa for linear maps), summed over each sequence's
    /// positions; per-sample gradients are never materialized and <see cref="Grads"/> is untouched. Sequences without
    /// counted targets get 0.
    /// </summary>
    public void PerSampleDot(ReadOnlySpan<T> u, Span<T> dots)
    {
        if (_a.Counted == 0) throw new InvalidOperationException("PerSampleDot needs a Forward with targets");
        int batch = _batch, time = _time;
        var inverse = new T[batch];
        for (int b = 0; b < batch; b++)
        {
            int counted = 0;
            for (int t = 0; t < time; t++) if (_a.Targets[b * time + t] != -1) counted++;
            inverse[b] = counted == 0 ? T.Zero : T.One / T.CreateChecked(counted);
        }
        Span<T> rows = _a.RowDots.AsSpan(0, batch * time);
        rows.Clear();
        BackwardCore(u, rows, T.Zero, inverse);
        for (int b = 0; b < batch; b++)
        {
            T sum = T.Zero;
            for (int t = 0; t < time; t++) sum += rows[b * time + t];
            dots[b] = sum;
        }
    }

    /// <summary>The backward pass. Gradient mode (u empty): parameter gradients accumulate into Grads. Dot mode: each
    /// row's contribution ⟨u, ∂(row loss)/∂θ⟩ accumulates into <paramref name="rowDots"/>. <paramref name="uniformScale"/>
    /// is the loss weight of every row, unless <paramref name="sequenceScale"/> gives one per sequence.</summary>
    private void BackwardCore(ReadOnlySpan<T> u, Span<T> rowDots, T uniformScale, T[]? sequenceScale)
    {
        int batch = _batch, time = _time, n = batch * time, c = _cfg.Channels, v = _cfg.Vocab, nh = _cfg.Heads;
        bool dot = !u.IsEmpty;
        Span<T> dlogits = _a.DLogits.AsSpan(0, n * v);
        dlogits.Clear();
        if (sequenceScale is null)
        {
            SoftmaxCrossEntropy<T>.Backward(dlogits, _a.Probs, _a.Targets, n, v, uniformScale);
        }
        else
        {
            for (int r = 0; r < n; r++)
            {
                SoftmaxCrossEntropy<T>.Backward(dlogits.Slice(r * v, v), _a.Probs.AsSpan(r * v, v), _a.Targets.AsSpan(r, 1), 1, v, sequenceScale[r / time]);
            }
        }
        Span<T> dlnf = _a.DLn.AsSpan(0, n * c);
        var head = _head ?? _wte;
        if (dot) RowDotsLinear(rowDots, u, head, null, dlogits, _a.Lnf, n, c, v);
        else MatMul<T>.AccumulateTN(head.Of(Grads), dlogits, _a.Lnf, n, v, c);
        MatMul<T>.MultiplyNN(dlnf, dlogits, head.Of(Params), n, v, c);
        Span<T> dres = _a.DRes.AsSpan(0, n * c);
        dres.Clear();
        ReadOnlySpan<T> lastResidual = _blocks.Length == 0 ? _a.Encoded : _a.Res3[^1];
        Norm(dot, u, rowDots, dres, _lnfw, _lnfb, dlnf, lastResidual, _a.LnfMean, _a.LnfRstd, n, c);
        for (int l = _blocks.Length - 1; l >= 0; l--)
        {
            var p = _blocks[l];
            ReadOnlySpan<T> residualIn = l == 0 ? _a.Encoded.AsSpan(0, n * c) : _a.Res3[l - 1].AsSpan(0, n * c);
            // res3 = res2 + drop(fcproj): dres flows to res2 unchanged and into the MLP branch
            Span<T> dbranch = _a.DTmp.AsSpan(0, n * c);
            dbranch.Clear();
            Dropout<T>.Backward(dbranch, dres, _a.MaskF[l]);
            Span<T> dgelu = _a.DFchGelu.AsSpan(0, n * 4 * c);
            Lin(dot, u, rowDots, dgelu, p.FcProjW, p.FcProjB, dbranch, _a.FchGelu[l], n, 4 * c, c);
            Span<T> dfch = _a.DFch.AsSpan(0, n * 4 * c);
            dfch.Clear();
            Activations<T>.Backward(Activation.Gelu, dfch, dgelu, _a.Fch[l].AsSpan(0, n * 4 * c));
            Span<T> dln = _a.DLn.AsSpan(0, n * c);
            Lin(dot, u, rowDots, dln, p.FcW, p.FcB, dfch, _a.Ln2[l], n, c, 4 * c);
            Norm(dot, u, rowDots, dres, p.Ln2W, p.Ln2B, dln, _a.Res2[l], _a.Ln2Mean[l], _a.Ln2Rstd[l], n, c);
            // res2 = residualIn + drop(attproj)
            dbranch.Clear();
            Dropout<T>.Backward(dbranch, dres, _a.MaskA[l]);
            Span<T> datty = _a.DAtty.AsSpan(0, n * c);
            Lin(dot, u, rowDots, datty, p.ProjW, p.ProjB, dbranch, _a.Atty[l], n, c, c);
            Span<T> dqkv = _a.DQkv.AsSpan(0, n * 3 * c);
            dqkv.Clear();
            CausalSelfAttention<T>.Backward(dqkv, datty, _a.Qkv[l], _a.Att[l], _a.Scratch, batch, time, c, nh);
            Lin(dot, u, rowDots, dln, p.QkvW, p.QkvB, dqkv, _a.Ln1[l], n, c, 3 * c);
            Norm(dot, u, rowDots, dres, p.Ln1W, p.Ln1B, dln, residualIn, _a.Ln1Mean[l], _a.Ln1Rstd[l], n, c);
        }
        if (!dot)
        {
            Embedding<T>.Backward(_wte.Of(Grads), _wpe.Of(Grads), dres, _a.Tokens, batch, time, c);
            return;
        }
        ReadOnlySpan<T> uwte = _wte.In(u), uwpe = _wpe.In(u);
        for (int r = 0; r < n; r++)
        {
            ReadOnlySpan<T> d = dres.Slice(r * c, c);
            rowDots[r] += System.Numerics.Tensors.TensorPrimitives.Dot(d, uwte.Slice(_a.Tokens[r] * c, c))
                + System.Numerics.Tensors.TensorPrimitives.Dot(d, uwpe.Slice(r % time * c, c));
        }
    }

    /// <summary>Linear backward: dx = dy·W (overwritten) always; parameter part into Grads, or per-row dots in dot mode.</summary>
    private void Lin(bool dot, ReadOnlySpan<T> u, Span<T> rowDots, Span<T> dx, ParamView w, ParamView b, ReadOnlySpan<T> dy, ReadOnlySpan<T> x, int n, int inW, int outW)
    {
        if (dot)
        {
            RowDotsLinear(rowDots, u, w, b, dy, x, n, inW, outW);
            MatMul<T>.MultiplyNN(dx, dy, w.Of(Params), n, outW, inW);
        }
        else
        {
            Linear<T>.Backward(dx, w.Of(Grads), b.Of(Grads), dy, x, w.Of(Params), n, inW, outW, overwriteDx: true);
        }
    }

    /// <summary>rowDots[r] += dy_r · (U_W·x_r + u_b) for a linear map with weight view <paramref name="w"/> (out, in).</summary>
    private void RowDotsLinear(Span<T> rowDots, ReadOnlySpan<T> u, ParamView w, ParamView? b, ReadOnlySpan<T> dy, ReadOnlySpan<T> x, int n, int inW, int outW)
    {
        Span<T> projected = _a.Projected.AsSpan(0, n * outW);
        MatMul<T>.ForwardNT(projected, x, w.In(u), b is null ? ReadOnlySpan<T>.Empty : b.In(u), n, inW, outW);
        for (int r = 0; r < n; r++) rowDots[r] += System.Numerics.Tensors.TensorPrimitives.Dot(dy.Slice(r * outW, outW), projected.Slice(r * outW, outW));
    }

    /// <summary>LayerNorm backward: dx always; dweight/dbias into Grads, or rowDots[r] += Σ dout·(norm·u_w + u_b).</summary>
    private void Norm(bool dot, ReadOnlySpan<T> u, Span<T> rowDots, Span<T> dx, ParamView w, ParamView b, ReadOnlySpan<T> dout, ReadOnlySpan<T> x, ReadOnlySpan<T> mean, ReadOnlySpan<T> rstd, int n, int c)
    {
        if (!dot)
        {
            LayerNorm<T>.Backward(dx, w.Of(Grads), b.Of(Grads), dout, x, w.Of(Params), mean, rstd, n, c);
            return;
        }
        Span<T> scratchW = _a.NormScratch.AsSpan(0, c);
        Span<T> scratchB = _a.NormScratch.AsSpan(c, c);
        ReadOnlySpan<T> uw = w.In(u), ub = b.In(u);
        for (int r = 0; r < n; r++)
        {
            T m = mean[r], rs = rstd[r], acc = T.Zero;
            for (int k = 0; k < c; k++) acc += dout[r * c + k] * ((x[r * c + k] - m) * rs * uw[k] + ub[k]);
            rowDots[r] += acc;
        }
        scratchW.Clear();
        scratchB.Clear();
        LayerNorm<T>.Backward(dx, scratchW, scratchB, dout, x, w.Of(Params), mean, rstd, n, c);
    }

    /// <summary>Greedy generation: appends <paramref name="count"/> argmax tokens to <paramref name="prompt"/>
    /// (the model sees at most the last context tokens). Dropout is off while generating.</summary>
    public int[] Generate(ReadOnlySpan<int> prompt, int count)
    {
        if (prompt.IsEmpty) throw new ArgumentException("the prompt needs at least one token", nameof(prompt));
        bool training = Training;
        Training = false;
        var tokens = new List<int>(prompt.ToArray());
        for (int i = 0; i < count; i++)
        {
            int t = Math.Min(tokens.Count, _cfg.Context);
            int[] window = tokens.GetRange(tokens.Count - t, t).ToArray();
            Forward(window, ReadOnlySpan<int>.Empty, 1, t);
            ReadOnlySpan<T> last = _a.Logits.AsSpan((t - 1) * _cfg.Vocab, _cfg.Vocab);
            int best = 0;
            for (int j = 1; j < last.Length; j++) if (last[j] > last[best]) best = j;
            tokens.Add(best);
        }
        Training = training;
        return tokens.Skip(prompt.Length).ToArray();
    }

    private Span<T> HeadWeight(T[] buffer) => (_head ?? _wte).Of(buffer);

    private void Ensure(int batch, int time)
    {
        int n = checked(batch * time);
        if (n <= _capacityN && batch <= _capacityB && _a is not null && _a.Time >= time) return;
        n = Math.Max(n, _capacityN);
        batch = Math.Max(batch, _capacityB);
        _a = new Acts(_cfg, batch, Math.Max(time, _a?.Time ?? 0), n);
        _capacityN = n;
        _capacityB = batch;
    }

    private sealed class Acts
    {
        public Acts(TinyGptConfig cfg, int batch, int time, int nMax)
        {
            int c = cfg.Channels, v = cfg.Vocab, l = cfg.Layers;
            int n = Math.Max(nMax, batch * time);
            Time = time;
            T[][] Many(int size) => Enumerable.Range(0, l).Select(_ => new T[size]).ToArray();
            Tokens = new int[n];
            Targets = new int[n];
            Encoded = new T[n * c];
            Ln1 = Many(n * c); Ln1Mean = Many(n); Ln1Rstd = Many(n);
            Qkv = Many(n * 3 * c); Atty = Many(n * c);
            Att = Many(batch * cfg.Heads * time * time);
            AttProj = Many(n * c); MaskA = Many(n * c); Res2 = Many(n * c);
            Ln2 = Many(n * c); Ln2Mean = Many(n); Ln2Rstd = Many(n);
            Fch = Many(n * 4 * c); FchGelu = Many(n * 4 * c);
            FcProj = Many(n * c); MaskF = Many(n * c); Res3 = Many(n * c);
            Lnf = new T[n * c]; LnfMean = new T[n]; LnfRstd = new T[n];
            Logits = new T[n * v]; Probs = new T[n * v]; Losses = new T[n]; DLogits = new T[n * v];
            DLn = new T[n * c]; DRes = new T[n * c]; DTmp = new T[n * c]; DAtty = new T[n * c];
            DQkv = new T[n * 3 * c]; DFch = new T[n * 4 * c]; DFchGelu = new T[n * 4 * c];
            Scratch = new T[time];
            RowDots = new T[n];
            Projected = new T[n * Math.Max(v, 4 * c)];
            NormScratch = new T[2 * c];
        }

        public T[] RowDots { get; }
        public T[] Projected { get; }
        public T[] NormScratch { get; }

        public int Time { get; }
        public int Counted { get; set; }
        public int[] Tokens { get; }
        public int[] Targets { get; }
        public T[] Encoded { get; }
        public T[][] Ln1 { get; }
        public T[][] Ln1Mean { get; }
        public T[][] Ln1Rstd { get; }
        public T[][] Qkv { get; }
        public T[][] Atty { get; }
        public T[][] Att { get; }
        public T[][] AttProj { get; }
        public T[][] MaskA { get; }
        public T[][] Res2 { get; }
        public T[][] Ln2 { get; }
        public T[][] Ln2Mean { get; }
        public T[][] Ln2Rstd { get; }
        public T[][] Fch { get; }
        public T[][] FchGelu { get; }
        public T[][] FcProj { get; }
        public T[][] MaskF { get; }
        public T[][] Res3 { get; }
        public T[] Lnf { get; }
        public T[] LnfMean { get; }
        public T[] LnfRstd { get; }
        public T[] Logits { get; }
        public T[] Probs { get; }
        public T[] Losses { get; }
        public T[] DLogits { get; }
        public T[] DLn { get; }
        public T[] DRes { get; }
        public T[] DTmp { get; }
        public T[] DAtty { get; }
        public T[] DQkv { get; }
        public T[] DFch { get; }
        public T[] DFchGelu { get; }
        public T[] Scratch { get; }
    }
}
