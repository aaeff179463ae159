using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Stepwise.Engine.Layers;
using Stepwise.Engine.Parameters;

namespace Stepwise.Engine.Models;

// The backward pass, written once (BackwardPass) and run in two modes that differ only in what happens to each
// layer's parameter gradient: IntoGrads accumulates it into Grads (Backward), PerRowDots replaces it by its dot
// product with a vector u, row by row (PerSampleDot). The input gradients flow down the blocks the same way in both.
public sealed partial class TinyGpt<T>
{
    /// <summary>Accumulates the gradient of the last forward's mean loss, times <paramref name="scale"/> (1 when null),
    /// into <see cref="Grads"/>.</summary>
    /// <exception cref="InvalidOperationException">The last forward had no counted target.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backward(T? scale = null) => Backward(scale ?? T.One, ReadOnlySpan<T>.Empty);

    /// <summary>
    /// Adds the gradient of scale·Σᵢ mᵢ·wᵢ·ℓᵢ for the sequences of the last forward to <see cref="Grads"/> (with
    /// <see cref="GradientWrite.Overwrite"/>, clears Grads first), with wᵢ = nᵢ/N and ℓᵢ sequence i's mean token loss:
    /// each counted token's loss is weighted scale·mᵢ/N, where N stays the whole batch's count of targets whatever the
    /// multipliers. mᵢ = 0 drops sequence i (leave-one-out), 1 keeps it. Empty <paramref name="multipliers"/> means every
    /// mᵢ = 1, bitwise the gradient of <see cref="Backward(T?)"/>. Allocates nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">The last forward had no counted target.</exception>
    /// <exception cref="ArgumentException"><paramref name="multipliers"/> is neither empty nor B values.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backward(T scale, ReadOnlySpan<T> multipliers, GradientWrite write = GradientWrite.Accumulate)
    {
        if (_a is null || _a.Counted == 0) throw new InvalidOperationException("Backward needs a Forward with targets (and at least one counted target)");
        if (!multipliers.IsEmpty && multipliers.Length != _batch) throw new ArgumentException($"multipliers: one per sequence of the last forward ({_batch}), got {multipliers.Length}", nameof(multipliers));
        if (write == GradientWrite.Overwrite) ZeroGrad(); // the embedding backward scatters into its gradient: no overwrite form
        int n = _batch * _time, v = _cfg.Vocab;
        Span<T> dlogits = _a.DLogits.AsSpan(0, n * v);
        dlogits.Clear();
        _backend.CrossEntropyBackward(dlogits, _a.Probs, _a.Targets, n, v, scale / T.CreateChecked(_a.Counted), multipliers, _time, -1);
        var gradients = new IntoGrads(this);
        BackwardPass(ref gradients);
    }

    /// <summary>
    /// For each sequence i of the last forward, ⟨u, ∇ℓᵢ(θ)⟩ where ℓᵢ is the mean loss over i's counted targets
    /// (<see cref="SampleLosses"/>) and u is a parameter-space vector in <see cref="Layout"/>. One backward pass in which
    /// every parameter gradient is replaced by per-position dot products (⟨U, δaᵀ⟩ = δᵀUa for linear maps), summed over
    /// each sequence's positions; per-sample gradients are never materialized and <see cref="Grads"/> is untouched.
    /// Sequences without counted targets get 0.
    /// </summary>
    /// <exception cref="InvalidOperationException">The last forward had no counted target.</exception>
    public void PerSampleDot(ReadOnlySpan<T> u, Span<T> dots)
    {
        if (_a is null || _a.Counted == 0) throw new InvalidOperationException("PerSampleDot needs a Forward with targets");
        if (u.Length != Params.Length) throw new ArgumentException($"u needs {Params.Length} values (the layout), got {u.Length}", nameof(u));
        int batch = _batch, time = _time, n = batch * time, v = _cfg.Vocab;
        Span<T> inverseCounts = _a.SequenceScales.AsSpan(0, batch);
        for (int b = 0; b < batch; b++)
        {
            int counted = 0;
            for (int t = 0; t < time; t++) if (_a.Targets[b * time + t] != -1) counted++;
            inverseCounts[b] = counted == 0 ? T.Zero : T.One / T.CreateChecked(counted);
        }
        Span<T> dlogits = _a.DLogits.AsSpan(0, n * v);
        dlogits.Clear();
        _backend.CrossEntropyBackward(dlogits, _a.Probs, _a.Targets, n, v, T.One, inverseCounts, time, -1); // ∂ℓᵢ/∂logits for every sequence at once
        Span<T> rows = _a.RowDots.AsSpan(0, n);
        rows.Clear();
        var sink = new PerRowDots(this, u, rows);
        BackwardPass(ref sink);
        for (int b = 0; b < batch; b++)
        {
            T sum = T.Zero;
            for (int t = 0; t < time; t++) sum += rows[b * time + t];
            dots[b] = sum;
        }
    }

    /// <summary>The backward pass from DLogits (filled by the caller) down to the embedding. Every input gradient is
    /// computed here; each layer's parameter gradient goes to <paramref name="gradients"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BackwardPass<TGradients>(ref TGradients gradients) where TGradients : IParameterGradients, allows ref struct
    {
        var a = _a;
        int batch = _batch, time = _time, n = batch * time, c = _cfg.Channels, v = _cfg.Vocab, nh = _cfg.Heads;
        ReadOnlySpan<T> dlogits = a.DLogits.AsSpan(0, n * v);
        Span<T> dnorm = a.DNormOut.AsSpan(0, n * c);
        gradients.Linear(dnorm, _head ?? _wte, null, dlogits, a.LnfOut, n, c, v); // logits = lnf·Wheadᵀ (no bias)
        Span<T> dres = a.DResidual.AsSpan(0, n * c);
        dres.Clear();
        gradients.LayerNorm(dres, _lnfw, _lnfb, dnorm, a.ResidualAfterMlp[^1], a.LnfMean, a.LnfRstd, n, c);
        Span<T> dbranch = a.DBranch.AsSpan(0, n * c);
        for (int l = _blocks.Length - 1; l >= 0; l--)
        {
            var p = _blocks[l];
            ReadOnlySpan<T> blockInput = l == 0 ? a.Embedded.AsSpan(0, n * c) : a.ResidualAfterMlp[l - 1].AsSpan(0, n * c);
            // ResidualAfterMlp = ResidualAfterAttention + dropout(MlpProjected): dres flows on unchanged and into the MLP branch
            dbranch.Clear();
            Dropout<T>.Backward(dbranch, dres, a.MlpDropoutMask[l]);
            Span<T> dgelu = a.DFcGelu.AsSpan(0, n * 4 * c);
            gradients.Linear(dgelu, p.FcProjW, p.FcProjB, dbranch, a.FcGelu[l], n, 4 * c, c);
            Span<T> dfc = a.DFcPre.AsSpan(0, n * 4 * c);
            dfc.Clear();
            _backend.ActivationBackward(Activation.Gelu, dfc, dgelu, a.FcPre[l].AsSpan(0, n * 4 * c), overwrite: false);
            gradients.Linear(dnorm, p.FcW, p.FcB, dfc, a.Ln2Out[l], n, c, 4 * c);
            gradients.LayerNorm(dres, p.Ln2W, p.Ln2B, dnorm, a.ResidualAfterAttention[l], a.Ln2Mean[l], a.Ln2Rstd[l], n, c);
            // ResidualAfterAttention = blockInput + dropout(AttentionProjected)
            dbranch.Clear();
            Dropout<T>.Backward(dbranch, dres, a.AttentionDropoutMask[l]);
            Span<T> dattention = a.DAttentionOutput.AsSpan(0, n * c);
            gradients.Linear(dattention, p.ProjW, p.ProjB, dbranch, a.AttentionOutput[l], n, c, c);
            Span<T> dqkv = a.DQkv.AsSpan(0, n * 3 * c);
            dqkv.Clear();
            _backend.AttentionBackward(dqkv, dattention, a.Qkv[l], a.AttentionWeights[l], batch, time, c, nh);
            gradients.Linear(dnorm, p.QkvW, p.QkvB, dqkv, a.Ln1Out[l], n, c, 3 * c);
            gradients.LayerNorm(dres, p.Ln1W, p.Ln1B, dnorm, blockInput, a.Ln1Mean[l], a.Ln1Rstd[l], n, c);
        }
        gradients.Embedding(dres);
    }

    /// <summary>What <see cref="BackwardPass"/> does with each layer's parameter gradient. Each method also produces
    /// the layer's input gradient dx (overwritten for a linear map, accumulated for a LayerNorm).</summary>
    private interface IParameterGradients
    {
        /// <summary>y = x·Wᵀ + b (b null: no bias): dx (N, in) = dy·W, and the parameter part.</summary>
        void Linear(Span<T> dx, ParamView w, ParamView? b, ReadOnlySpan<T> dy, ReadOnlySpan<T> x, int rows, int inputs, int outputs);

        /// <summary>LayerNorm: dx (N, C) += …, and the parameter part.</summary>
        void LayerNorm(Span<T> dx, ParamView w, ParamView b, ReadOnlySpan<T> dout, ReadOnlySpan<T> x, ReadOnlySpan<T> mean, ReadOnlySpan<T> rstd, int rows, int channels);

        /// <summary>The embedding wte[token] + wpe[t], given ∂loss/∂Embedded (B, T, C).</summary>
        void Embedding(ReadOnlySpan<T> dEmbedded);
    }

    /// <summary>Gradient mode: parameter gradients accumulate into Grads.</summary>
    private readonly ref struct IntoGrads(TinyGpt<T> model) : IParameterGradients
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Linear(Span<T> dx, ParamView w, ParamView? b, ReadOnlySpan<T> dy, ReadOnlySpan<T> x, int rows, int inputs, int outputs) =>
            model._backend.LinearBackward(dx, w.Of(model.Grads), b is null ? Span<T>.Empty : b.Of(model.Grads), dy, x, w.Of(model.Params), rows, inputs, outputs,
                overwriteDx: true, overwriteGrads: false);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void LayerNorm(Span<T> dx, ParamView w, ParamView b, ReadOnlySpan<T> dout, ReadOnlySpan<T> x, ReadOnlySpan<T> mean, ReadOnlySpan<T> rstd, int rows, int channels) =>
            model._backend.LayerNormBackward(dx, w.Of(model.Grads), b.Of(model.Grads), dout, x, w.Of(model.Params), mean, rstd, rows, channels);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Embedding(ReadOnlySpan<T> dEmbedded) =>
            Embedding<T>.Backward(model._wte.Of(model.Grads), model._wpe.Of(model.Grads), dEmbedded, model._a.Tokens, model._batch, model._time, model._cfg.Channels);
    }

    /// <summary>Dot mode: each row r's parameter gradient g_r is replaced by ⟨u, g_r⟩, added to rowDots[r].</summary>
    private readonly ref struct PerRowDots(TinyGpt<T> model, ReadOnlySpan<T> u, Span<T> rowDots) : IParameterGradients
    {
        private readonly ReadOnlySpan<T> _u = u;
        private readonly Span<T> _rowDots = rowDots;

        /// <summary>rowDots[r] += dy_r·(U_W·x_r + u_b).</summary>
        public void Linear(Span<T> dx, ParamView w, ParamView? b, ReadOnlySpan<T> dy, ReadOnlySpan<T> x, int rows, int inputs, int outputs)
        {
            Span<T> projected = model._a.Projected.AsSpan(0, rows * outputs);
            model._backend.LinearForward(projected, x, w.In(_u), b is null ? ReadOnlySpan<T>.Empty : b.In(_u), rows, inputs, outputs);
            for (int r = 0; r < rows; r++) _rowDots[r] += TensorPrimitives.Dot(dy.Slice(r * outputs, outputs), projected.Slice(r * outputs, outputs));
            model._backend.LinearBackwardInput(dx, dy, w.Of(model.Params), rows, inputs, outputs);
        }

        /// <summary>rowDots[r] += Σ_k dout·(norm·u_w + u_b); dx as usual (the parameter gradients go to scratch).</summary>
        public void LayerNorm(Span<T> dx, ParamView w, ParamView b, ReadOnlySpan<T> dout, ReadOnlySpan<T> x, ReadOnlySpan<T> mean, ReadOnlySpan<T> rstd, int rows, int channels)
        {
            ReadOnlySpan<T> uw = w.In(_u), ub = b.In(_u);
            for (int r = 0; r < rows; r++)
            {
                T m = mean[r], rs = rstd[r], acc = T.Zero;
                for (int k = 0; k < channels; k++) acc += dout[r * channels + k] * ((x[r * channels + k] - m) * rs * uw[k] + ub[k]);
                _rowDots[r] += acc;
            }
            Span<T> discardW = model._a.NormScratch.AsSpan(0, channels);
            Span<T> discardB = model._a.NormScratch.AsSpan(channels, channels);
            discardW.Clear();
            discardB.Clear();
            model._backend.LayerNormBackward(dx, discardW, discardB, dout, x, w.Of(model.Params), mean, rstd, rows, channels);
        }

        /// <summary>rowDots[r] += dEmbedded_r·(u_wte[token_r] + u_wpe[t_r]).</summary>
        public void Embedding(ReadOnlySpan<T> dEmbedded)
        {
            int c = model._cfg.Channels, time = model._time;
            ReadOnlySpan<T> uwte = model._wte.In(_u), uwpe = model._wpe.In(_u);
            for (int r = 0; r < model._batch * time; r++)
            {
                ReadOnlySpan<T> d = dEmbedded.Slice(r * c, c);
                _rowDots[r] += TensorPrimitives.Dot(d, uwte.Slice(model._a.Tokens[r] * c, c)) + TensorPrimitives.Dot(d, uwpe.Slice(r % time * c, c));
            }
        }
    }
}
