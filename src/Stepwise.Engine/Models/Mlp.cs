using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Stepwise.Engine.Backends;
using Stepwise.Engine.Kernels;
using Stepwise.Engine.Layers;
using Stepwise.Engine.Parameters;

namespace Stepwise.Engine.Models;

/// <summary>
/// A multilayer perceptron classifier: Linear → activation → … → Linear → softmax cross-entropy, with an optional
/// L2 term ½λ‖W‖² on the weights (not the biases). With no hidden layers it is multinomial logistic regression.
/// Parameters live in one flat buffer (<see cref="Params"/>) with named views <c>l{i}.weight</c> (out, in) and
/// <c>l{i}.bias</c> (out); <see cref="Grads"/> has the same layout. Activations are cached per batch for Backward.
/// Float32 runs the engine's kernels (the layers of Layers/), every other type the reference loops (float64: gradient
/// checks, Hessian-vector products).
/// </summary>
/// <remarks>
/// Shapes: B = batch rows, D = inputs, H_l = hidden widths, C = classes; size[0] = D, …, size[^1] = C.
/// The data loss of a batch is Σᵢ wᵢ·ℓᵢ with ℓᵢ = row i's cross-entropy and wᵢ = 1/B (<see cref="SampleWeights"/>),
/// the mean over rows; <see cref="Forward"/> returns it plus ½λ‖W‖².
/// </remarks>
public sealed partial class Mlp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IBackend<T> _backend = Backend<T>.Default;
    private readonly int[] _sizes;             // D, H_1, …, C
    private readonly ParamView[] _weights;     // l{l}.weight (size[l+1], size[l])
    private readonly ParamView[] _biases;      // l{l}.bias (size[l+1])
    private T[][] _preActivations = [];        // z of layer l = input·Wᵀ + b, (B, size[l+1]); the last one holds the logits (B, C)
    private T[][] _activations = [];           // a = f(z) of hidden layer l, (B, size[l+1])
    private T[][] _dPreActivations = [];       // ∂loss/∂z of layer l, (B, size[l+1])
    private T[][] _dActivations = [];          // ∂loss/∂a of hidden layer l, (B, size[l+1]); scratch in PerSampleDot
    private T[] _probs = [];                   // softmax of the logits, (B, C)
    private T[] _losses = [];                  // per-row cross-entropy, (B)
    private T[] _sampleWeights = [];           // wᵢ = 1/B, (B)
    private int[] _targets = [];               // (B)
    private T[] _inputCopy = [];               // the model's copy of the input, (B, D)
    private T[] _input = [];                   // the input of the last forward pass: _inputCopy, or the caller's array (ForwardNoCopy)
    private int _batch, _capacity;

    /// <summary>Creates the model with zero parameters; call <see cref="Initialize"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">inputs &lt; 1, classes &lt; 2, a hidden width &lt; 1, or l2 &lt; 0.</exception>
    public Mlp(int inputs, IReadOnlyList<int> hidden, int classes, Activation activation = Activation.Relu, double l2 = 0.0)
    {
        if (inputs < 1 || classes < 2 || hidden.Any(h => h < 1)) throw new ArgumentOutOfRangeException(nameof(inputs), "need inputs ≥ 1, hidden widths ≥ 1, classes ≥ 2");
        if (l2 < 0) throw new ArgumentOutOfRangeException(nameof(l2), l2, "must be ≥ 0");
        _sizes = [inputs, .. hidden, classes];
        Activation = activation;
        L2 = T.CreateChecked(l2);
        Layout = new ParamLayout();
        int layers = _sizes.Length - 1;
        _weights = new ParamView[layers];
        _biases = new ParamView[layers];
        for (int l = 0; l < layers; l++)
        {
            _weights[l] = Layout.Add($"l{l}.weight", _sizes[l + 1], _sizes[l]);
            _biases[l] = Layout.Add($"l{l}.bias", _sizes[l + 1]);
        }
        Params = new T[Layout.Size];
        Grads = new T[Layout.Size];
    }

    /// <summary>The parameter layout.</summary>
    public ParamLayout Layout { get; }

    /// <summary>All parameters, flat.</summary>
    public T[] Params { get; }

    /// <summary>Accumulated gradients, same layout as <see cref="Params"/>; cleared by <see cref="ZeroGrad"/> or
    /// overwritten by a backward pass with <see cref="GradientWrite.Overwrite"/>.</summary>
    public T[] Grads { get; }

    /// <summary>The hidden activation.</summary>
    public Activation Activation { get; }

    /// <summary>λ of the L2 term.</summary>
    public T L2 { get; }

    /// <summary>Input features D.</summary>
    public int Inputs => _sizes[0];

    /// <summary>Classes C.</summary>
    public int Classes => _sizes[^1];

    /// <summary>Number of linear layers.</summary>
    public int LayerCount => _weights.Length;

    /// <summary>Layer sizes D, H₁, …, C.</summary>
    public IReadOnlyList<int> Sizes => _sizes;

    /// <summary>ℓᵢ, the cross-entropy of each row of the last forward pass (B; nats, no L2 term).</summary>
    public ReadOnlySpan<T> SampleLosses => _losses.AsSpan(0, _batch);

    /// <summary>wᵢ = 1/B for each row of the last forward pass (B): the weight of ℓᵢ in the batch's data loss
    /// Σᵢ wᵢ·ℓᵢ (every row has one target, so wᵢ = nᵢ/N with nᵢ = 1, N = B).</summary>
    public ReadOnlySpan<T> SampleWeights
    {
        get
        {
            Span<T> w = _sampleWeights.AsSpan(0, _batch);
            w.Fill(T.One / T.CreateChecked(_batch)); // a private buffer, filled on request: not on the training step's path
            return w;
        }
    }

    /// <summary>Logits of the last forward pass (B, C).</summary>
    public ReadOnlySpan<T> Logits => _preActivations[^1].AsSpan(0, _batch * Classes);

    /// <summary>Softmax probabilities of the last forward pass (B, C).</summary>
    public ReadOnlySpan<T> Probabilities => _probs.AsSpan(0, _batch * Classes);

    /// <summary>PyTorch's default init: W, b ~ U(−1/√in, 1/√in).</summary>
    public void Initialize(Rng rng)
    {
        for (int l = 0; l < LayerCount; l++)
        {
            double bound = 1.0 / Math.Sqrt(_sizes[l]);
            foreach (var view in new[] { _weights[l], _biases[l] })
            {
                Span<T> p = view.Of(Params);
                for (int i = 0; i < p.Length; i++) p[i] = T.CreateChecked((rng.NextDouble() * 2 - 1) * bound);
            }
        }
    }

    /// <summary>Sets every gradient to zero now. (A first micro-batch can skip this pass: see
    /// <see cref="GradientWrite.Overwrite"/>.)</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ZeroGrad() => ClearKernels.Clear(Grads);

    /// <summary>Forward pass on x (B, D) with targets (B, each in 0..C−1); returns the mean loss plus ½λ‖W‖². Caches
    /// for Backward (x is copied).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public T Forward(ReadOnlySpan<T> x, ReadOnlySpan<int> targets, int batch)
    {
        EnsureCapacity(batch);
        x.Slice(0, batch * Inputs).CopyTo(_inputCopy);
        return ForwardCore(_inputCopy, targets, batch);
    }

    /// <summary><see cref="Forward"/> without the copy of x: the model keeps a reference to <paramref name="x"/> (B, D)
    /// for <see cref="Backward(T?)"/>, <see cref="PerSampleDot"/> and <see cref="PerSampleGradNorms"/>, so the caller must
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
        _input = x;
        targets.Slice(0, batch).CopyTo(_targets);
        ForwardLayers(x.AsSpan(0, batch * Inputs), batch);
        var (loss, _) = _backend.CrossEntropyForward(_probs, _losses, _preActivations[^1].AsSpan(0, batch * Classes), _targets, batch, Classes, -1);
        return loss + L2Term();
    }

    /// <summary>Logits only (no targets, no cache for Backward), for evaluation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<T> Predict(ReadOnlySpan<T> x, int batch)
    {
        EnsureCapacity(batch);
        _batch = batch;
        ForwardLayers(x.Slice(0, batch * Inputs), batch);
        return _preActivations[^1].AsSpan(0, batch * Classes);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ForwardLayers(ReadOnlySpan<T> input, int batch)
    {
        for (int l = 0; l < LayerCount; l++)
        {
            int inW = _sizes[l], outW = _sizes[l + 1];
            Span<T> z = _preActivations[l].AsSpan(0, batch * outW);
            _backend.LinearForward(z, input, _weights[l].Of(Params), _biases[l].Of(Params), batch, inW, outW);
            if (l == LayerCount - 1) break;
            Span<T> a = _activations[l].AsSpan(0, batch * outW);
            _backend.ActivationForward(Activation, a, z);
            input = a;
        }
    }

    /// <summary>Accumulates the gradient of the last <see cref="Forward"/>'s loss (mean cross-entropy plus the L2 term),
    /// times <paramref name="scale"/> (1 when null; accumulation windows pass 1/micro-batches), into <see cref="Grads"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backward(T? scale = null) => Backward(scale ?? T.One, ReadOnlySpan<T>.Empty, GradientWrite.Accumulate);

    /// <summary>
    /// Adds (or with <see cref="GradientWrite.Overwrite"/>, writes) the gradient of
    /// scale·(Σᵢ mᵢ·wᵢ·ℓᵢ + ½λ‖W‖²) for the rows of the last <see cref="Forward"/>, with wᵢ = 1/B
    /// (<see cref="SampleWeights"/>: the denominator stays the whole batch's B whatever the multipliers) and ℓᵢ = row i's
    /// cross-entropy. mᵢ = 0 drops row i (leave-one-out), 1 keeps it; any finite value weights it. Empty
    /// <paramref name="multipliers"/> means every mᵢ = 1, bitwise the gradient of <see cref="Backward(T?)"/>. The L2 term
    /// is not multiplied. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="multipliers"/> is neither empty nor B values.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backward(T scale, ReadOnlySpan<T> multipliers, GradientWrite write = GradientWrite.Accumulate)
    {
        int batch = _batch;
        if (!multipliers.IsEmpty && multipliers.Length != batch) throw new ArgumentException($"multipliers: one per row of the last forward ({batch}), got {multipliers.Length}", nameof(multipliers));
        T rowScale = scale / T.CreateChecked(batch);
        bool overwrite = write == GradientWrite.Overwrite; // every weight and bias gradient is written below, so no clear is needed
        Array.Clear(_dPreActivations[^1], 0, batch * Classes); // the hidden layers' deltas are overwritten below
        _backend.CrossEntropyBackward(_dPreActivations[^1], _probs, _targets, batch, Classes, rowScale, multipliers, 1, -1);
        for (int l = LayerCount - 1; l >= 0; l--)
        {
            int inW = _sizes[l], outW = _sizes[l + 1];
            ReadOnlySpan<T> input = LayerInput(l, batch);
            Span<T> dInput = l == 0 ? Span<T>.Empty : _dActivations[l - 1].AsSpan(0, batch * inW);
            _backend.LinearBackward(dInput, _weights[l].Of(Grads), _biases[l].Of(Grads), _dPreActivations[l].AsSpan(0, batch * outW), input, _weights[l].Of(Params),
                batch, inW, outW, overwriteDx: true, overwriteGrads: overwrite);
            if (l > 0) _backend.ActivationBackward(Activation, _dPreActivations[l - 1].AsSpan(0, batch * inW), dInput, _preActivations[l - 1].AsSpan(0, batch * inW), overwrite: true);
        }
        if (L2 != T.Zero)
        {
            T k = scale * L2;
            for (int l = 0; l < LayerCount; l++)
            {
                Span<T> g = _weights[l].Of(Grads);
                ReadOnlySpan<T> w = _weights[l].Of(Params);
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
        if (u.Length != Params.Length) throw new ArgumentException($"u needs {Params.Length} values (the layout), got {u.Length}", nameof(u));
        int batch = _batch;
        ComputeDeltas();
        dots.Slice(0, batch).Clear();
        for (int l = 0; l < LayerCount; l++)
        {
            int inW = _sizes[l], outW = _sizes[l + 1];
            Span<T> projected = _dActivations[l].AsSpan(0, batch * outW); // scratch: (B, out) = input · U_Wᵀ + u_b
            _backend.LinearForward(projected, LayerInput(l, batch), _weights[l].In(u), _biases[l].In(u), batch, inW, outW);
            for (int i = 0; i < batch; i++)
            {
                dots[i] += TensorPrimitives.Dot<T>(_dPreActivations[l].AsSpan(i * outW, outW), projected.Slice(i * outW, outW));
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
                ReadOnlySpan<T> a = LayerInput(l, batch).Slice(i * inW, inW);
                ReadOnlySpan<T> d = _dPreActivations[l].AsSpan(i * outW, outW);
                T dd = TensorPrimitives.Dot(d, d);
                sq += dd * (TensorPrimitives.Dot(a, a) + T.One);
            }
            norms[i] = T.Sqrt(sq);
        }
    }

    /// <summary>Fills the deltas δᵢ = ∂ℓᵢ/∂z of every layer for every row (unscaled per-sample deltas).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ComputeDeltas()
    {
        int batch = _batch;
        Array.Clear(_dPreActivations[^1], 0, batch * Classes);
        _backend.CrossEntropyBackward(_dPreActivations[^1], _probs, _targets, batch, Classes, T.One, ReadOnlySpan<T>.Empty, 1, -1);
        for (int l = LayerCount - 1; l > 0; l--)
        {
            int inW = _sizes[l], outW = _sizes[l + 1];
            Span<T> dInput = _dActivations[l - 1].AsSpan(0, batch * inW);
            _backend.LinearBackwardInput(dInput, _dPreActivations[l].AsSpan(0, batch * outW), _weights[l].Of(Params), batch, inW, outW);
            _backend.ActivationBackward(Activation, _dPreActivations[l - 1].AsSpan(0, batch * inW), dInput, _preActivations[l - 1].AsSpan(0, batch * inW), overwrite: true);
        }
    }

    /// <summary>The input of linear layer l in the last forward pass, (B, size[l]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ReadOnlySpan<T> LayerInput(int l, int batch) =>
        l == 0 ? _input.AsSpan(0, batch * _sizes[0]) : _activations[l - 1].AsSpan(0, batch * _sizes[l]);

    /// <summary>Copies parameters from a model of the same shape in another precision.</summary>
    public void CopyParamsFrom<TOther>(Mlp<TOther> other) where TOther : unmanaged, IFloatingPointIeee754<TOther>
    {
        if (!other.Sizes.SequenceEqual(_sizes)) throw new ArgumentException("layer sizes differ", nameof(other));
        for (int i = 0; i < Params.Length; i++) Params[i] = T.CreateChecked(other.Params[i]);
    }

    /// <summary>½λ‖W‖² at the current parameters (weights only, summed layer by layer in element order); 0 when λ = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public T L2Term()
    {
        if (L2 == T.Zero) return T.Zero;
        T sum = T.Zero;
        for (int l = 0; l < LayerCount; l++)
        {
            foreach (T w in _weights[l].Of(Params)) sum += w * w;
        }
        return T.CreateChecked(0.5) * L2 * sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EnsureCapacity(int batch)
    {
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "must be ≥ 1");
        if (batch <= _capacity) return;
        int layers = LayerCount;
        _preActivations = new T[layers][];
        _activations = new T[layers][];
        _dPreActivations = new T[layers][];
        _dActivations = new T[layers][];
        for (int l = 0; l < layers; l++)
        {
            _preActivations[l] = new T[batch * _sizes[l + 1]];
            _activations[l] = new T[batch * _sizes[l + 1]];
            _dPreActivations[l] = new T[batch * _sizes[l + 1]];
            _dActivations[l] = new T[batch * _sizes[l + 1]];
        }
        _probs = new T[batch * Classes];
        _losses = new T[batch];
        _sampleWeights = new T[batch];
        _targets = new int[batch];
        _inputCopy = new T[batch * Inputs];
        _capacity = batch;
    }
}
