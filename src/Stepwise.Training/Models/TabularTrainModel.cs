using System.Runtime.CompilerServices;
using Stepwise.Engine.Models;
using Stepwise.Training.Data;
using Stepwise.Engine;
using Stepwise.Engine.Parameters;

namespace Stepwise.Training.Models;

/// <summary>An MLP (or logistic regression) over tabular splits; its update objective has exact derivatives for
/// influence (<see cref="CreateCurvature"/>).</summary>
public sealed class TabularTrainModel : ITrainModel, ICurvatureModel
{
    private readonly Mlp<float> _mlp;
    private readonly IReadOnlyDictionary<string, TabularDataset> _splits;
    private readonly TabularDataset _train;
    private float[] _x = [];
    private int[] _y = [];
    private long[] _rows = [];

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
    public float[] Grads => _mlp.Grads;

    /// <inheritdoc/>
    public ulong[]? RngState { get => null; set { } }

    /// <inheritdoc/>
    public IReadOnlyList<string> Splits { get; }

    /// <inheritdoc/>
    public long Rows(string split) => _splits[split].Count;

    /// <inheritdoc/>
    public void Initialize(Rng rng) => _mlp.Initialize(rng);

    /// <inheritdoc/>
    public void ZeroGrad() => _mlp.ZeroGrad();

    /// <summary>The network, for export and analysis.</summary>
    public Mlp<float> Mlp => _mlp;

    /// <inheritdoc/>
    public IModelCurvature CreateCurvature(CurvaturePrecision precision) => precision == CurvaturePrecision.Float64
        ? new MlpCurvature<double>(_mlp, _splits, Splits, precision)
        : new MlpCurvature<float>(_mlp, _splits, Splits, precision);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double TrainMicroBatch(ReadOnlySpan<long> rows, float scale, ReadOnlySpan<float> multipliers, Span<float> weights, GradientWrite write,
        Span<float> rowLosses = default, Span<float> rowCorrect = default)
    {
        int b = rows.Length;
        Ensure(b);
        _train.CopyBatch(rows, _x.AsSpan(0, b * _train.Features), _y.AsSpan(0, b));
        float loss = _mlp.ForwardNoCopy(_x, _y, b); // _x is refilled only after Backward
        if (!rowLosses.IsEmpty)
        {
            _mlp.SampleLosses.CopyTo(rowLosses);
            ReadOnlySpan<float> logits = _mlp.Logits;
            int c = _mlp.Classes;
            for (int i = 0; i < b; i++) rowCorrect[i] = ArgMax(logits.Slice(i * c, c)) == _y[i] ? 1f : 0f;
        }
        _mlp.Backward(scale, multipliers, write);
        return TrainModelWeights.Fill(weights, _mlp.SampleWeights, _mlp.SampleLosses, multipliers, scale, loss, _mlp.L2Term());
    }

    /// <inheritdoc/>
    public void RowWeights(ReadOnlySpan<long> rows, float scale, Span<float> weights)
    {
        float share = 1f / rows.Length; // Mlp.SampleWeights: 1/B in float32
        for (int i = 0; i < rows.Length; i++) weights[i] = scale * share;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public EvalMetrics Evaluate(string split, int batch, Action<long, long>? progress = null)
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
            progress?.Invoke(start + b, data.Count);
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
