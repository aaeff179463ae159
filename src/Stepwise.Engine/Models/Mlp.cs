using System.Numerics;
using System.Runtime.CompilerServices;
using Stepwise.Engine.Layers;
using Stepwise.Engine.Parameters;

namespace Stepwise.Engine.Models;

/// <summary>
/// A multilayer perceptron classifier: Linear → activation → … → Linear → softmax cross-entropy, with an optional
/// L2 term ½λ‖W‖² on the weights (not the biases). With no hidden layers it is multinomial logistic regression.
/// Parameters live in one flat buffer (<see cref="Params"/>) with named views <c>l{i}.weight</c> (out, in) and
/// <c>l{i}.bias</c> (out); <see cref="Grads"/> has the same layout. Activations are cached per batch for Backward.
/// </summary>
/// <remarks>Shapes: B = batch rows, D = inputs, H_i = hidden widths, C = classes.</remarks>
public sealed class Mlp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _sizes;          // D, H_1, …, C
    private readonly ParamView[] _w, _b;
    private T[][] _z = [];                  // pre-activations per layer, (B, size[l+1])
    private T[][] _a = [];                  // activations per hidden layer, (B, size[l+1])
    private T[][] _dz = [];                 // gradient wrt z per layer
    private T[][] _da = [];                 // gradient wrt the hidden activations
    private T[] _probs = [], _losses = [];
    private int[] _targets = [];
    private T[] _input = [];               // the model's copy of the input (B, D)
    private T[] _in = [];                  // the input of the last forward pass: _input, or the caller's array (ForwardNoCopy)
    private int _batch, _capacity;
    private readonly T[] _grads;
    private bool _gradsPendingZero;             // ZeroGrad was called and _grads not yet cleared or overwritten

    /// <summary>Creates the model with zero parameters; call <see cref="Initialize"/>.</summary>
    public Mlp(int inputs, IReadOnlyList<int> hidden, int classes, Activation activation = Activation.Relu, double l2 = 0.0)
    {
        if (inputs < 1 || classes < 2 || hidden.Any(h => h < 1)) throw new ArgumentOutOfRangeException(nameof(inputs), "need inputs ≥ 1, hidden widths ≥ 1, classes ≥ 2");
        if (l2 < 0) throw new ArgumentOutOfRangeException(nameof(l2), l2, "must be ≥ 0");
        _sizes = [inputs, .. hidden, classes];
        Activation = activation;
        L2 = T.CreateChecked(l2);
        Layout = new ParamLayout();
        int layers = _sizes.Length - 1;
        _w = new ParamView[layers];
        _b = new ParamView[layers];
        for (int l = 0; l < layers; l++)
        {
            _w[l] = Layout.Add($"l{l}.weight", _sizes[l + 1], _sizes[l]);
            _b[l] = Layout.Add($"l{l}.bias", _sizes[l + 1]);
        }
        Params = new T[Layout.Size];
        _grads = new T[Layout.Size];
    }

    /// <summary>The parameter layout.</summary>
    public ParamLayout Layout { get; }

    /// <summary>All parameters, flat.</summary>
    public T[] Params { get; }

    /// <summary>Accumulated gradients, same layout; zero them with <see cref="ZeroGrad"/>.</summary>
    /// <remarks><see cref="ZeroGrad"/> defers the clearing: this getter clears the buffer if it is still pending, and the
    /// next <see cref="Backward"/> overwrites it instead of adding to it (bitwise the same as clearing first). So read
    /// gradients through this property after <see cref="ZeroGrad"/>, not through an array reference obtained earlier.</remarks>
    public T[] Grads
    {
        get
        {
            if (_gradsPendingZero)
            {
                Kernels.ClearKernels.Clear(_grads);
                _gradsPendingZero = false;
            }
            return _grads;
        }
    }

    /// <summary>The hidden activation.</summary>
    public Activation Activation { get; }

    /// <summary>λ of the L2 term.</summary>
    public T L2 { get; }

    /// <summary>Input features D.</summary>
    public int Inputs => _sizes[0];

    /// <summary>Classes C.</summary>
    public int Classes => _sizes[^1];

    /// <summary>Number of linear layers.</summary>
    public int LayerCount => _w.Length;

    /// <summary>Layer sizes D, H₁, …, C.</summary>
    public IReadOnlyList<int> Sizes => _sizes;

    /// <summary>Per-row losses of the last forward pass (B).</summary>
    public ReadOnlySpan<T> SampleLosses => _losses.AsSpan(0, _batch);

    /// <summary>Logits of the last forward pass (B, C).</summary>
    public ReadOnlySpan<T> Logits => _z[^1].AsSpan(0, _batch * Classes);

    /// <summary>Softmax probabilities of the last forward pass (B, C).</summary>
    public ReadOnlySpan<T> Probabilities => _probs.AsSpan(0, _batch * Classes);

    /// <summary>PyTorch's default init: W, b ~ U(−1/√in, 1/√in).</summary>
    public void Initialize(Rng rng)
    {
        for (int l = 0; l < LayerCount; l++)
        {
            double bound = 1.0 / Math.Sqrt(_sizes[l]);
            foreach (var view in new[] { _w[l], _b[l] })
            {
                Span<T> p = view.Of(Params);
                for (int i = 0; i < p.Length; i++) p[i] = T.CreateChecked((rng.NextDouble() * 2 - 1) * bound);
            }
        }
    }

    /// <summary>Sets every gradient to zero (deferred: see <see cref="Grads"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ZeroGrad() => _gradsPendingZero = true;

    /// <summary>Forward pass on x (B, D) with targets (B); returns the mean loss plus ½λ‖W‖². Caches for Backward
    /// (x is copied).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public T Forward(ReadOnlySpan<T> x, ReadOnlySpan<int> targets, int batch)
    {
        EnsureCapacity(batch);
        x.Slice(0, batch * Inputs).CopyTo(_input);
        return ForwardCore(_input, targets, batch);
    }

    /// <summary><see cref="Forward"/> without the copy of x: the model keeps a reference to <paramref name="x"/> (B, D)
    /// for <see cref="Backward"/>, <see cref="PerSampleDot"/> and <see cref="PerSampleGradNorms"/>, so the caller must
    /// not change it until it has made those calls (a trainer's batch buffer, refilled before the next forward pass).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public T ForwardNoCopy(T[] x, ReadOnlySpan<int> targets, int batch)
    {
        ArgumentNullException.ThrowIfNull(x);
        EnsureCapacity(batch);
        if (x.Length < (long)batch * Inputs) throw new ArgumentException($"x needs {(long)batch * Inputs} values, has {x.Length}", nameof(x));
        return ForwardCore(x, targets, batch);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private T ForwardCore(T[] x, ReadOnlySpan<int> targets, int batch)
    {
        _batch = batch;
        _in = x;
        targets.Slice(0, batch).CopyTo(_targets);
        ReadOnlySpan<T> input = x.AsSpan(0, batch * Inputs);
        for (int l = 0; l < LayerCount; l++)
        {
            int inW = _sizes[l], outW = _sizes[l + 1];
            Span<T> z = _z[l].AsSpan(0, batch * outW);
            Linear<T>.Forward(z, input, _w[l].Of(Params), _b[l].Of(Params), batch, inW, outW);
            if (l == LayerCount - 1) break;
            Span<T> a = _a[l].AsSpan(0, batch * outW);
            Activations<T>.Forward(Activation, a, z);
            input = a;
        }
        var (loss, _) = SoftmaxCrossEntropy<T>.Forward(_probs, _losses, _z[^1].AsSpan(0, batch * Classes), _targets, batch, Classes);
        return loss + L2Term();
    }

    /// <summary>Logits only (no targets, no cache for Backward), for evaluation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<T> Predict(ReadOnlySpan<T> x, int batch)
    {
        EnsureCapacity(batch);
        _batch = batch;
        ReadOnlySpan<T> input = x.Slice(0, batch * Inputs);
        for (int l = 0; l < LayerCount; l++)
        {
            int inW = _sizes[l], outW = _sizes[l + 1];
            Span<T> z = _z[l].AsSpan(0, batch * outW);
            Linear<T>.Forward(z, input, _w[l].Of(Params), _b[l].Of(Params), batch, inW, outW);
            if (l == LayerCount - 1) break;
            Span<T> a = _a[l].AsSpan(0, batch * outW);
            Activations<T>.Forward(Activation, a, z);
            input = a;
        }
        return _z[^1].AsSpan(0, batch * Classes);
    }

    /// <summary>Accumulates the gradient of the last <see cref="Forward"/>'s loss, times <paramref name="scale"/>
    /// (1 for the mean loss; accumulation windows pass 1/micro-batches), into <see cref="Grads"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backward(T? scale = null)
    {
        T s = scale ?? T.One;
        int batch = _batch;
        T rowScale = s / T.CreateChecked(batch);
        bool overwrite = _gradsPendingZero; // every weight and bias gradient is written below, so no clear is needed
        T[] grads = _grads;
        Array.Clear(_dz[^1], 0, batch * Classes); // the hidden layers' deltas are overwritten below
        SoftmaxCrossEntropy<T>.Backward(_dz[^1], _probs, _targets, batch, Classes, rowScale);
        for (int l = LayerCount - 1; l >= 0; l--)
        {
            int inW = _sizes[l], outW = _sizes[l + 1];
            ReadOnlySpan<T> input = l == 0 ? _in.AsSpan(0, batch * inW) : _a[l - 1].AsSpan(0, batch * inW);
            Span<T> dInput = l == 0 ? Span<T>.Empty : _da[l - 1].AsSpan(0, batch * inW);
            Linear<T>.Backward(dInput, _w[l].Of(grads), _b[l].Of(grads), _dz[l].AsSpan(0, batch * outW), input, _w[l].Of(Params), batch, inW, outW, overwriteDx: true, overwriteGrads: overwrite);
            if (l > 0) Activations<T>.Backward(Activation, _dz[l - 1].AsSpan(0, batch * inW), dInput, _z[l - 1].AsSpan(0, batch * inW), overwrite: true);
        }
        _gradsPendingZero = false;
        if (L2 != T.Zero)
        {
            for (int l = 0; l < LayerCount; l++)
            {
                Span<T> g = _w[l].Of(grads);
                ReadOnlySpan<T> w = _w[l].Of(Params);
                T k = s * L2;
                for (int i = 0; i < g.Length; i++) g[i] += k * w[i];
            }
        }
    }

    /// <summary>
    /// For each row i of the last <see cref="Forward"/>, ⟨u, ∇ℓᵢ(θ)⟩ where ℓᵢ is row i's cross-entropy (no 1/B, no L2
    /// term) and u is a parameter-space vector in <see cref="Layout"/>. Per-sample gradients are never materialized:
    /// for a linear layer ⟨U, δᵢaᵢᵀ⟩ = δᵢᵀ·(U·aᵢ), so the cost is one extra forward-sized product per layer.
    /// Leaves <see cref="Grads"/> untouched.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PerSampleDot(ReadOnlySpan<T> u, Span<T> dots)
    {
        int batch = _batch;
        ComputeDeltas();
        dots.Slice(0, batch).Clear();
        for (int l = 0; l < LayerCount; l++)
        {
            int inW = _sizes[l], outW = _sizes[l + 1];
            ReadOnlySpan<T> input = l == 0 ? _in.AsSpan(0, batch * inW) : _a[l - 1].AsSpan(0, batch * inW);
            Span<T> projected = _da[l].AsSpan(0, batch * outW); // scratch: (B, out) = input · U_Wᵀ + u_b
            Linear<T>.Forward(projected, input, _w[l].In(u), _b[l].In(u), batch, inW, outW);
            for (int i = 0; i < batch; i++)
            {
                dots[i] += System.Numerics.Tensors.TensorPrimitives.Dot<T>(_dz[l].AsSpan(i * outW, outW), projected.Slice(i * outW, outW));
            }
        }
    }

    /// <summary>‖∇ℓᵢ(θ)‖ for each row of the last <see cref="Forward"/> (cross-entropy only), exactly:
    /// ‖δᵢaᵢᵀ‖² = ‖δᵢ‖²‖aᵢ‖² for weights plus ‖δᵢ‖² for biases, summed over layers. Leaves <see cref="Grads"/> untouched.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PerSampleGradNorms(Span<T> norms)
    {
        int batch = _batch;
        ComputeDeltas();
        for (int i = 0; i < batch; i++)
        {
            T sq = T.Zero;
            for (int l = 0; l < LayerCount; l++)
            {
                int inW = _sizes[l], outW = _sizes[l + 1];
                ReadOnlySpan<T> a = l == 0 ? _in.AsSpan(i * inW, inW) : _a[l - 1].AsSpan(i * inW, inW);
                ReadOnlySpan<T> d = _dz[l].AsSpan(i * outW, outW);
                T dd = System.Numerics.Tensors.TensorPrimitives.Dot(d, d);
                sq += dd * (System.Numerics.Tensors.TensorPrimitives.Dot(a, a) + T.One);
            }
            norms[i] = T.Sqrt(sq);
        }
    }

    /// <summary>Fills _dz[l] with δᵢ = ∂ℓᵢ/∂z for every row (unscaled per-sample deltas).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ComputeDeltas()
    {
        int batch = _batch;
        Array.Clear(_dz[^1], 0, batch * Classes);
        SoftmaxCrossEntropy<T>.Backward(_dz[^1], _probs, _targets, batch, Classes, T.One);
        for (int l = LayerCount - 1; l > 0; l--)
        {
            int inW = _sizes[l], outW = _sizes[l + 1];
            Span<T> dInput = _da[l - 1].AsSpan(0, batch * inW);
            Kernels.MatMul<T>.MultiplyNN(dInput, _dz[l].AsSpan(0, batch * outW), _w[l].Of(Params), batch, outW, inW);
            Activations<T>.Backward(Activation, _dz[l - 1].AsSpan(0, batch * inW), dInput, _z[l - 1].AsSpan(0, batch * inW), overwrite: true);
        }
    }

    /// <summary>Copies parameters from a model of the same shape in another precision.</summary>
    public void CopyParamsFrom<TOther>(Mlp<TOther> other) where TOther : unmanaged, IFloatingPointIeee754<TOther>
    {
        if (!other.Sizes.SequenceEqual(_sizes)) throw new ArgumentException("layer sizes differ", nameof(other));
        for (int i = 0; i < Params.Length; i++) Params[i] = T.CreateChecked(other.Params[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private T L2Term()
    {
        if (L2 == T.Zero) return T.Zero;
        T sum = T.Zero;
        for (int l = 0; l < LayerCount; l++)
        {
            foreach (T w in _w[l].Of(Params)) sum += w * w;
        }
        return T.CreateChecked(0.5) * L2 * sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EnsureCapacity(int batch)
    {
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "must be ≥ 1");
        if (batch <= _capacity) return;
        int layers = LayerCount;
        _z = new T[layers][];
        _a = new T[layers][];
        _dz = new T[layers][];
        _da = new T[layers][];
        for (int l = 0; l < layers; l++)
        {
            _z[l] = new T[batch * _sizes[l + 1]];
            _a[l] = new T[batch * _sizes[l + 1]];
            _dz[l] = new T[batch * _sizes[l + 1]];
            _da[l] = new T[batch * _sizes[l + 1]];
        }
        _probs = new T[batch * Classes];
        _losses = new T[batch];
        _targets = new int[batch];
        _input = new T[batch * Inputs];
        _capacity = batch;
    }
}
