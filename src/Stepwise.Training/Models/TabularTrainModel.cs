using System.Runtime.CompilerServices;
using Stepwise.Engine.Models;
using Stepwise.Training.Data;
using Stepwise.Engine;
using Stepwise.Engine.Parameters;

namespace Stepwise.Training.Models;

/// <summary>An MLP (or logistic regression) over tabular splits.</summary>
public sealed class TabularTrainModel : ITrainModel
{
    private readonly Mlp<float> _mlp;
    private readonly IReadOnlyDictionary<string, TabularDataset> _splits;
    private readonly TabularDataset _train;
    private float[] _x = [];
    private int[] _y = [];
    private long[] _rows = [];
    private bool _overwriteGrads; // ZeroGrad was called and no micro-batch has written the gradients since

    /// <summary>Binds <paramref name="mlp"/> to <paramref name="splits"/> (which hold "train").</summary>
    public TabularTrainModel(Mlp<float> mlp, IReadOnlyDictionary<string, TabularDataset> splits, IReadOnlyList<string> order)
    {
        _mlp = mlp;
        _splits = splits;
        _train = splits["train"];
        Splits = order;
    }

    /// <inheritdoc/>
    public ParamLayout Layout => _mlp.Layout;

    /// <inheritdoc/>
    public float[] Params => _mlp.Params;

    /// <inheritdoc/>
    /// <remarks>ZeroGrad leaves the clearing to the next micro-batch, which overwrites the gradients
    /// (<see cref="GradientWrite.Overwrite"/>: bitwise a clear and an accumulation, without the pass over the buffer);
    /// read before any micro-batch, they are cleared here.</remarks>
    public float[] Grads
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        get
        {
            if (_overwriteGrads)
            {
                _mlp.ZeroGrad();
                _overwriteGrads = false;
            }
            return _mlp.Grads;
        }
    }

    /// <inheritdoc/>
    public ulong[]? RngState { get => null; set { } }

    /// <inheritdoc/>
    public IReadOnlyList<string> Splits { get; }

    /// <inheritdoc/>
    public void Initialize(Rng rng) => _mlp.Initialize(rng);

    /// <inheritdoc/>
    public void ZeroGrad() => _overwriteGrads = true;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double TrainMicroBatch(ReadOnlySpan<long> rows, float scale)
    {
        int b = rows.Length;
        Ensure(b);
        _train.CopyBatch(rows, _x.AsSpan(0, b * _train.Features), _y.AsSpan(0, b));
        float loss = _mlp.ForwardNoCopy(_x, _y, b); // _x is refilled only after Backward
        _mlp.Backward(scale, ReadOnlySpan<float>.Empty, _overwriteGrads ? GradientWrite.Overwrite : GradientWrite.Accumulate);
        _overwriteGrads = false;
        return loss;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public EvalMetrics Evaluate(string split, int batch)
    {
        var data = _splits[split];
        Ensure(batch);
        double lossSum = 0;
        long correct = 0;
        int classes = _mlp.Classes;
        for (int start = 0; start < data.Count; start += batch)
        {
            int b = Math.Min(batch, data.Count - start);
            for (int i = 0; i < b; i++) _rows[i] = start + i;
            data.CopyBatch(_rows.AsSpan(0, b), _x.AsSpan(0, b * data.Features), _y.AsSpan(0, b));
            _mlp.Forward(_x, _y, b);
            ReadOnlySpan<float> losses = _mlp.SampleLosses;
            ReadOnlySpan<float> logits = _mlp.Logits;
            for (int i = 0; i < b; i++)
            {
                lossSum += losses[i];
                if (ArgMax(logits.Slice(i * classes, classes)) == _y[i]) correct++;
            }
        }
        return new EvalMetrics(split, data.Count == 0 ? 0 : lossSum / data.Count, data.Count == 0 ? 0 : (double)correct / data.Count, data.Count);
    }

    internal static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    private void Ensure(int b)
    {
        if (_y.Length >= b) return;
        _x = new float[b * _train.Features];
        _y = new int[b];
        _rows = new long[b];
    }
}
