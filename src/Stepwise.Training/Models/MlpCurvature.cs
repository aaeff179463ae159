using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Stepwise.Engine.Kernels;
using Stepwise.Engine.Models;
using Stepwise.Training.Data;

namespace Stepwise.Training.Models;

/// <summary>
/// <see cref="IModelCurvature"/> for an MLP (logistic regression included) on its tabular splits: a copy of the network
/// in <typeparamref name="T"/> runs the engine's exact R-operator pass (<see cref="Mlp{T}.CurvatureProduct"/>), so one
/// forward pass serves a micro-batch's per-row dots and its Hessian-vector product. Results are converted to float64
/// and summed there.
/// </summary>
internal sealed class MlpCurvature<T> : IModelCurvature where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Mlp<T> _mlp;
    private readonly IReadOnlyDictionary<string, TabularDataset> _splits;
    private readonly TabularDataset _train;
    private readonly IReadOnlyList<string> _splitNames;
    private readonly T[] _v, _hv, _scratch;
    private readonly double[] _wide;
    private T[]? _l2;
    private bool _accumulated;
    private T[] _x = [], _coefficients = [], _dots = [];
    private float[] _xf = [];
    private int[] _y = [];
    private long[] _rows = [];

    public MlpCurvature(Mlp<float> trained, IReadOnlyDictionary<string, TabularDataset> splits, IReadOnlyList<string> splitNames, CurvaturePrecision precision)
    {
        _mlp = new Mlp<T>(trained.Inputs, trained.Sizes.Skip(1).SkipLast(1).ToArray(), trained.Classes, trained.Activation, trained.L2);
        _splits = splits;
        _train = splits["train"];
        _splitNames = splitNames;
        Precision = precision;
        _v = new T[_mlp.Params.Length];
        _hv = new T[_mlp.Params.Length];
        _scratch = new T[_mlp.Params.Length];
        _wide = new double[_mlp.Params.Length];
    }

    public int Dimension => _mlp.Params.Length;

    public CurvaturePrecision Precision { get; }

    public void SetParameters(ReadOnlySpan<float> parameters)
    {
        if (typeof(T) == typeof(float)) VectorKernels.Copy(Check(parameters), MemoryMarshal.Cast<T, float>(_mlp.Params.AsSpan()));
        else TensorPrimitives.ConvertChecked(Check(parameters), _mlp.Params);
    }

    public void SetParameters(ReadOnlySpan<double> parameters) => TensorPrimitives.ConvertTruncating(Check(parameters), _mlp.Params.AsSpan());

    public void SetDirection(ReadOnlySpan<double> v)
    {
        if (typeof(T) == typeof(float)) VectorKernels.Narrow(Check(v), MemoryMarshal.Cast<T, float>(_v.AsSpan()));
        else TensorPrimitives.ConvertTruncating(Check(v), _v.AsSpan());
        _accumulated = false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void MicroBatch(ReadOnlySpan<long> rows, ReadOnlySpan<float> weights, Span<double> dots, bool hessian)
    {
        int b = rows.Length;
        if (weights.Length != b || dots.Length < b) throw new ArgumentException($"weights and dots need one value per row ({b})");
        Forward(_train, rows);
        TensorPrimitives.ConvertChecked(weights, _coefficients.AsSpan(0, b));
        _mlp.CurvatureProduct(_v, _coefficients.AsSpan(0, b), _dots.AsSpan(0, b), hessian ? _hv : Span<T>.Empty,
            _accumulated ? GradientWrite.Accumulate : GradientWrite.Overwrite);
        _accumulated |= hessian;
        TensorPrimitives.ConvertChecked<T, double>(_dots.AsSpan(0, b), dots[..b]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddHessianProduct(Span<double> result, bool regularizer)
    {
        if (result.Length != Dimension) throw new ArgumentException($"vectors need {Dimension} values (the layout), got {result.Length}", nameof(result));
        if (!_accumulated) Array.Clear(_hv);
        if (regularizer) _mlp.AddL2Term(_v, T.One, _hv);
        if (typeof(T) == typeof(float)) VectorKernels.AddWidened(MemoryMarshal.Cast<T, float>(_hv.AsSpan()), result);
        else TensorPrimitives.Add(MemoryMarshal.Cast<T, double>(_hv.AsSpan()), result, result);
        _accumulated = false;
    }

    public void AddRegularizer(ReadOnlySpan<double> v, Span<double> result)
    {
        if (_mlp.L2 == T.Zero) return;
        TensorPrimitives.ConvertTruncating(Check(v), _scratch.AsSpan());
        _l2 ??= new T[Dimension];
        Array.Clear(_l2);
        _mlp.AddL2Term(_scratch, T.One, _l2);
        AddTo(_l2, result);
    }

    public double AddTrainGradient(ReadOnlySpan<long> rows, ReadOnlySpan<float> weights, Span<double> gradient)
    {
        int b = rows.Length;
        if (weights.Length != b) throw new ArgumentException($"weights need one value per row ({b})", nameof(weights));
        Forward(_train, rows);
        TensorPrimitives.ConvertChecked(weights, _coefficients.AsSpan(0, b));
        _mlp.AccumulateDataGradient(_coefficients.AsSpan(0, b), _scratch, GradientWrite.Overwrite);
        AddTo(_scratch, gradient);
        double loss = 0;
        ReadOnlySpan<T> losses = _mlp.SampleLosses;
        for (int i = 0; i < b; i++) loss += (double)weights[i] * double.CreateChecked(losses[i]);
        return loss;
    }

    public double SplitGradient(string split, int batch, Span<double> gradient)
    {
        if (!_splits.TryGetValue(split, out var data))
        {
            string? guess = Configuration.DidYouMean.Suggest(split, _splitNames);
            throw new RunInputException($"--query {split}: no such split{(guess is null ? "" : $"; did you mean '{guess}'?")} (the data has: {string.Join(", ", _splitNames)})");
        }
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "must be ≥ 1");
        gradient.Slice(0, Dimension).Clear();
        if (data.Count == 0) return 0;
        T share = T.One / T.CreateChecked(data.Count);
        double loss = 0;
        for (int start = 0; start < data.Count; start += batch)
        {
            int b = Math.Min(batch, data.Count - start);
            EnsureRows(b);
            for (int i = 0; i < b; i++) _rows[i] = start + i;
            Forward(data, _rows.AsSpan(0, b));
            _coefficients.AsSpan(0, b).Fill(share);
            _mlp.AccumulateDataGradient(_coefficients.AsSpan(0, b), _scratch, GradientWrite.Overwrite);
            AddTo(_scratch, gradient);
            foreach (T l in _mlp.SampleLosses) loss += double.CreateChecked(l);
        }
        return loss / data.Count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Forward(TabularDataset data, ReadOnlySpan<long> rows)
    {
        int b = rows.Length, d = data.Features;
        EnsureRows(b);
        data.CopyBatch(rows, _xf.AsSpan(0, b * d), _y.AsSpan(0, b));
        TensorPrimitives.ConvertChecked<float, T>(_xf.AsSpan(0, b * d), _x.AsSpan(0, b * d));
        _mlp.Forward(_x, _y, b);
    }

    private void EnsureRows(int b)
    {
        if (_y.Length >= b) return;
        int d = _train.Features;
        _xf = new float[b * d];
        _x = new T[b * d];
        _y = new int[b];
        _rows = new long[b];
        _coefficients = new T[b];
        _dots = new T[b];
    }

    private void AddTo(ReadOnlySpan<T> source, Span<double> destination)
    {
        TensorPrimitives.ConvertChecked<T, double>(source, _wide);
        TensorPrimitives.Add(destination, _wide, destination);
    }

    private ReadOnlySpan<TV> Check<TV>(ReadOnlySpan<TV> vector) =>
        vector.Length == Dimension ? vector : throw new ArgumentException($"vectors need {Dimension} values (the layout), got {vector.Length}");
}
