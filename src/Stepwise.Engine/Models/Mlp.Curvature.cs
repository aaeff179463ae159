using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Stepwise.Engine.Curvature;

namespace Stepwise.Engine.Models;

/// <summary>
/// The exact second-order pass of the MLP (Pearlmutter's R-operator, forward over reverse), for time-windowed influence:
/// from the rows of the last <see cref="Forward"/> and a parameter-space direction v, one R-forward pass gives every
/// row's directional derivative ⟨v, ∇ℓᵢ⟩ and one R-backward pass gives Σᵢ cᵢ·∇²ℓᵢ·v, with no finite difference and no
/// per-sample backward pass. Float32 runs the engine's GEMMs, float64 the reference loops; training is untouched.
/// </summary>
/// <remarks>
/// Per row (unscaled), with zₗ = aₗ₋₁Wₗᵀ + bₗ, aₗ = f(zₗ), a₀ = x, δ = ∂ℓᵢ/∂z and R(·) = the derivative along v:
/// R(zₗ) = R(aₗ₋₁)Wₗᵀ + aₗ₋₁Vₗᵀ + v_bₗ, R(aₗ) = f′(zₗ)⊙R(zₗ); at the top R(δ_L) = p⊙(R(z_L) − ⟨p, R(z_L)⟩) and
/// ⟨v, ∇ℓᵢ⟩ = ⟨p − onehot(y), R(z_L)⟩; going down, R(∇Wₗ) = Σᵢ cᵢ(R(δₗ)aₗ₋₁ᵀ + δₗR(aₗ₋₁)ᵀ), R(∇bₗ) = Σᵢ cᵢR(δₗ),
/// R(δₗ₋₁) = f′(zₗ₋₁)⊙(R(δₗ)Wₗ + δₗVₗ) + f″(zₗ₋₁)⊙R(zₗ₋₁)⊙(δₗWₗ). ReLU has f″ = 0 (away from its kink, where the
/// Hessian is that of the piecewise-linear network), so its last term vanishes. Buffers are allocated for the largest
/// batch seen and reused: no allocation per call.
/// </remarks>
public sealed partial class Mlp<T>
{
    private T[][] _rz = [];       // R(z) of layer l, (B, size[l+1])
    private T[][] _ra = [];       // R(a) of hidden layer l, (B, size[l+1])
    private T[][] _rdelta = [];   // R(δ) of layer l, (B, size[l+1])
    private T[] _scratchRows = []; // (B, max width): products to add, rows scaled by cᵢ
    private int _curvatureCapacity;

    /// <summary>
    /// For the rows of the last <see cref="Forward"/>: writes dots[i] = ⟨v, ∇ℓᵢ(θ)⟩ for each row i (ℓᵢ its
    /// cross-entropy: no 1/B, no L2 term) and, unless <paramref name="hv"/> is empty, adds (or with
    /// <see cref="GradientWrite.Overwrite"/> writes) Σᵢ cᵢ·∇²ℓᵢ(θ)·v into <paramref name="hv"/>, both exact. v and hv are
    /// parameter-space vectors in <see cref="Layout"/>; c = <paramref name="coefficients"/> (B) are the rows' weights in
    /// the objective (e.g. an update's gradient weights scale·mᵢ/B). The L2 term's Hessian is <see cref="AddL2Term"/>.
    /// One forward-sized product per layer (two above the first) for the dots, about three more per layer for hv.
    /// Leaves <see cref="Grads"/> untouched; allocates nothing once the buffers fit the batch.
    /// </summary>
    /// <exception cref="ArgumentException">A vector does not have the layout's length, or the coefficients or dots are not B long.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CurvatureProduct(ReadOnlySpan<T> v, ReadOnlySpan<T> coefficients, Span<T> dots, Span<T> hv, GradientWrite write = GradientWrite.Accumulate)
    {
        int batch = _batch;
        if (v.Length != Params.Length) throw new ArgumentException($"v needs {Params.Length} values (the layout), got {v.Length}", nameof(v));
        if (dots.Length < batch) throw new ArgumentException($"dots needs one value per row of the last forward ({batch}), got {dots.Length}", nameof(dots));
        bool hessian = !hv.IsEmpty;
        if (hessian && hv.Length != Params.Length) throw new ArgumentException($"hv needs {Params.Length} values (the layout), got {hv.Length}", nameof(hv));
        if (hessian && coefficients.Length != batch) throw new ArgumentException($"coefficients: one per row of the last forward ({batch}), got {coefficients.Length}", nameof(coefficients));
        EnsureCurvatureCapacity(batch);
        RForward(v, batch);
        int top = LayerCount - 1, classes = Classes;
        for (int i = 0; i < batch; i++)
        {
            ReadOnlySpan<T> p = _probs.AsSpan(i * classes, classes);
            Span<T> r = _rz[top].AsSpan(i * classes, classes);
            T mean = TensorPrimitives.Dot<T>(p, r);
            dots[i] = mean - r[_targets[i]];
            Span<T> rd = _rdelta[top].AsSpan(i * classes, classes);
            for (int c = 0; c < classes; c++) rd[c] = p[c] * (r[c] - mean);
        }
        if (!hessian) return;
        ComputeDeltas(); // δ of every layer, unscaled, in _dPreActivations
        RBackward(v, coefficients, hv, write == GradientWrite.Overwrite, batch);
    }

    /// <summary>Adds (or with <see cref="GradientWrite.Overwrite"/> writes) Σᵢ cᵢ·∇ℓᵢ(θ) for the rows of the last
    /// <see cref="Forward"/> into <paramref name="gradient"/> (layout order; data terms only, no L2 term), c =
    /// <paramref name="coefficients"/> (B): e.g. 1/N for each row of an N-row query split. Leaves <see cref="Grads"/> untouched.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AccumulateDataGradient(ReadOnlySpan<T> coefficients, Span<T> gradient, GradientWrite write = GradientWrite.Accumulate)
    {
        int batch = _batch;
        if (gradient.Length != Params.Length) throw new ArgumentException($"gradient needs {Params.Length} values (the layout), got {gradient.Length}", nameof(gradient));
        if (coefficients.Length != batch) throw new ArgumentException($"coefficients: one per row of the last forward ({batch}), got {coefficients.Length}", nameof(coefficients));
        EnsureCurvatureCapacity(batch);
        ComputeDeltas();
        bool overwrite = write == GradientWrite.Overwrite;
        for (int l = 0; l < LayerCount; l++)
        {
            int inW = _sizes[l], outW = _sizes[l + 1];
            Span<T> scaled = _scratchRows.AsSpan(0, batch * outW);
            ScaleRows(scaled, _dPreActivations[l], coefficients, batch, outW);
            _backend.LinearBackward(Span<T>.Empty, Of(_weights[l], gradient), Of(_biases[l], gradient), scaled, LayerInput(l, batch), _weights[l].Of(Params),
                batch, inW, outW, overwriteDx: false, overwriteGrads: overwrite);
        }
    }

    /// <summary>Adds <paramref name="scale"/>·λ·v to the weight entries of <paramref name="result"/> (biases untouched):
    /// the Hessian of the L2 term ½λ‖W‖² times v, which is also its gradient at θ = v.</summary>
    public void AddL2Term(ReadOnlySpan<T> v, T scale, Span<T> result)
    {
        if (v.Length != Params.Length || result.Length != Params.Length) throw new ArgumentException($"vectors need {Params.Length} values (the layout)");
        if (L2 == T.Zero) return;
        T k = scale * L2;
        for (int l = 0; l < LayerCount; l++)
        {
            ReadOnlySpan<T> vw = _weights[l].In(v);
            Span<T> rw = Of(_weights[l], result);
            TensorPrimitives.MultiplyAdd(vw, k, rw, rw);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RForward(ReadOnlySpan<T> v, int batch)
    {
        for (int l = 0; l < LayerCount; l++)
        {
            int inW = _sizes[l], outW = _sizes[l + 1];
            Span<T> rz = _rz[l].AsSpan(0, batch * outW);
            _backend.LinearForward(rz, LayerInput(l, batch), _weights[l].In(v), _biases[l].In(v), batch, inW, outW);
            if (l > 0)
            {
                Span<T> product = _scratchRows.AsSpan(0, batch * outW);
                _backend.LinearForward(product, _ra[l - 1].AsSpan(0, batch * inW), _weights[l].Of(Params), ReadOnlySpan<T>.Empty, batch, inW, outW);
                TensorPrimitives.Add<T>(rz, product, rz);
            }
            if (l < LayerCount - 1)
            {
                _backend.ActivationBackward(Activation, _ra[l].AsSpan(0, batch * outW), rz, _preActivations[l].AsSpan(0, batch * outW), overwrite: true);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RBackward(ReadOnlySpan<T> v, ReadOnlySpan<T> coefficients, Span<T> hv, bool overwrite, int batch)
    {
        for (int l = LayerCount - 1; l >= 0; l--)
        {
            int inW = _sizes[l], outW = _sizes[l + 1];
            ReadOnlySpan<T> delta = _dPreActivations[l].AsSpan(0, batch * outW);
            ReadOnlySpan<T> rdelta = _rdelta[l].AsSpan(0, batch * outW);
            Span<T> scaled = _scratchRows.AsSpan(0, batch * outW);
            ScaleRows(scaled, rdelta, coefficients, batch, outW);
            Span<T> hw = Of(_weights[l], hv), hb = Of(_biases[l], hv);
            _backend.LinearBackward(Span<T>.Empty, hw, hb, scaled, LayerInput(l, batch), _weights[l].Of(Params), batch, inW, outW, overwriteDx: false, overwriteGrads: overwrite);
            if (l == 0) break;
            ReadOnlySpan<T> raBelow = _ra[l - 1].AsSpan(0, batch * inW);
            ScaleRows(scaled, delta, coefficients, batch, outW);
            _backend.LinearBackward(Span<T>.Empty, hw, Span<T>.Empty, scaled, raBelow, _weights[l].Of(Params), batch, inW, outW, overwriteDx: false, overwriteGrads: false);
            // R(δ) of the layer below: f′(z)⊙(R(δ)W + δV) + f″(z)⊙R(z)⊙(δW)
            Span<T> rda = _rdelta[l - 1].AsSpan(0, batch * inW);   // first R(δ)W + δV, then R(δ) in place
            Span<T> product = _scratchRows.AsSpan(0, batch * inW);
            _backend.LinearBackwardInput(rda, rdelta, _weights[l].Of(Params), batch, inW, outW);
            _backend.LinearBackwardInput(product, delta, _weights[l].In(v), batch, inW, outW);
            TensorPrimitives.Add<T>(rda, product, rda);
            ReadOnlySpan<T> z = _preActivations[l - 1].AsSpan(0, batch * inW);
            Span<T> rd = _ra[l - 1].AsSpan(0, batch * inW); // R(a) is no longer needed below this layer's weights: reuse it for f′(z)⊙(…)
            _backend.ActivationBackward(Activation, rd, rda, z, overwrite: true);
            if (ActivationCurvature.HasSecondDerivative(Activation))
            {
                // δₗWₗ, which ComputeDeltas left in _dActivations
                ActivationCurvature.AddSecondOrder(Activation, rd, _rz[l - 1].AsSpan(0, batch * inW), _dActivations[l - 1].AsSpan(0, batch * inW), z);
            }
            rd.CopyTo(rda);
        }
    }

    private static Span<T> Of(Parameters.ParamView view, Span<T> vector) => vector.Slice(view.Offset, view.Length);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScaleRows(Span<T> destination, ReadOnlySpan<T> source, ReadOnlySpan<T> coefficients, int rows, int width)
    {
        for (int i = 0; i < rows; i++)
        {
            TensorPrimitives.Multiply(source.Slice(i * width, width), coefficients[i], destination.Slice(i * width, width));
        }
    }

    private void EnsureCurvatureCapacity(int batch)
    {
        if (batch <= _curvatureCapacity) return;
        int layers = LayerCount, widest = _sizes.Skip(1).Max();
        _rz = new T[layers][];
        _ra = new T[layers][];
        _rdelta = new T[layers][];
        for (int l = 0; l < layers; l++)
        {
            _rz[l] = new T[batch * _sizes[l + 1]];
            _ra[l] = new T[batch * _sizes[l + 1]];
            _rdelta[l] = new T[batch * _sizes[l + 1]];
        }
        _scratchRows = new T[batch * widest];
        _curvatureCapacity = batch;
    }
}
