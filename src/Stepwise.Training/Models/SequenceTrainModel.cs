using System.Runtime.CompilerServices;
using Stepwise.Engine.Models;
using Stepwise.Training.Data;
using Stepwise.Engine;
using Stepwise.Engine.Parameters;

namespace Stepwise.Training.Models;

/// <summary>A TinyGpt over sequence splits; a row is one window of <see cref="SequenceDataset.Context"/> tokens.</summary>
public sealed class SequenceTrainModel : ITrainModel
{
    private readonly TinyGpt<float> _gpt;
    private readonly IReadOnlyDictionary<string, SequenceDataset> _splits;
    private readonly SequenceDataset _train;
    private int[] _in = [];
    private int[] _tg = [];
    private long[] _rows = [];

    /// <summary>Binds <paramref name="gpt"/> to <paramref name="splits"/> (which hold "train").</summary>
    public SequenceTrainModel(TinyGpt<float> gpt, IReadOnlyDictionary<string, SequenceDataset> splits, IReadOnlyList<string> order)
    {
        _gpt = gpt;
        _splits = splits;
        _train = splits["train"];
        Splits = order;
    }

    /// <inheritdoc/>
    public ParamLayout Layout => _gpt.Layout;

    /// <inheritdoc/>
    public float[] Params => _gpt.Params;

    /// <inheritdoc/>
    public float[] Grads => _gpt.Grads;

    /// <inheritdoc/>
    public ulong[]? RngState
    {
        get => _gpt.DropoutRng.State;
        set => _gpt.DropoutRng = Rng.FromState(value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Splits { get; }

    /// <inheritdoc/>
    public long Rows(string split) => _splits[split].Count;

    /// <summary>The model, for generation and analysis.</summary>
    public TinyGpt<float> Gpt => _gpt;

    /// <inheritdoc/>
    public void Initialize(Rng rng) => _gpt.Initialize(rng);

    /// <inheritdoc/>
    public void ZeroGrad() => _gpt.ZeroGrad();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double TrainMicroBatch(ReadOnlySpan<long> rows, float scale, ReadOnlySpan<float> multipliers, Span<float> weights, GradientWrite write,
        Span<float> rowLosses = default, Span<float> rowCorrect = default)
    {
        int b = rows.Length, t = _train.Context;
        Ensure(b);
        _train.CopyBatch(rows, _in.AsSpan(0, b * t), _tg.AsSpan(0, b * t));
        _gpt.Training = true;
        float loss = _gpt.Forward(_in.AsSpan(0, b * t), _tg.AsSpan(0, b * t), b, t);
        if (!rowLosses.IsEmpty)
        {
            _gpt.SampleLosses.CopyTo(rowLosses);
            ReadOnlySpan<float> logits = _gpt.Logits;
            int v = _gpt.Config.Vocab;
            for (int r = 0; r < b; r++)
            {
                int counted = 0, right = 0;
                for (int i = r * t; i < (r + 1) * t; i++)
                {
                    if (_tg[i] < 0) continue;
                    counted++;
                    if (TabularTrainModel.ArgMax(logits.Slice(i * v, v)) == _tg[i]) right++;
                }
                rowCorrect[r] = counted == 0 ? 0f : (float)right / counted;
            }
        }
        _gpt.Backward(scale, multipliers, write);
        return TrainModelWeights.Fill(weights, _gpt.SampleWeights, _gpt.SampleLosses, multipliers, scale, loss, 0f);
    }

    /// <inheritdoc/>
    public void RowWeights(ReadOnlySpan<long> rows, float scale, Span<float> weights)
    {
        int t = _train.Context;
        int total = 0;
        Span<int> counted = rows.Length <= 256 ? stackalloc int[rows.Length] : new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            ReadOnlySpan<int> targets = _train.Targets.AsSpan(checked((int)rows[i] * t), t);
            foreach (int y in targets) if (y != SequenceDataset.IgnoreIndex) counted[i]++;
            total += counted[i];
        }
        // TinyGpt.SampleWeights: nᵢ/N in float32
        for (int i = 0; i < rows.Length; i++) weights[i] = scale * ((float)counted[i] / total);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public EvalMetrics Evaluate(string split, int batch, Action<long, long>? progress = null)
    {
        var data = _splits[split];
        int t = data.Context, v = _gpt.Config.Vocab;
        Ensure(batch);
        double lossSum = 0;
        long counted = 0, correct = 0;
        _gpt.Training = false;
        try
        {
            for (int start = 0; start < data.Count; start += batch)
            {
                int b = Math.Min(batch, data.Count - start);
                for (int i = 0; i < b; i++) _rows[i] = start + i;
                data.CopyBatch(_rows.AsSpan(0, b), _in.AsSpan(0, b * t), _tg.AsSpan(0, b * t));
                _gpt.Forward(_in.AsSpan(0, b * t), _tg.AsSpan(0, b * t), b, t);
                ReadOnlySpan<float> losses = _gpt.TokenLosses;
                ReadOnlySpan<float> logits = _gpt.Logits;
                for (int i = 0; i < b * t; i++)
                {
                    if (_tg[i] < 0) continue;
                    counted++;
                    lossSum += losses[i];
                    if (TabularTrainModel.ArgMax(logits.Slice(i * v, v)) == _tg[i]) correct++;
                }
                progress?.Invoke(start + b, data.Count);
            }
        }
        finally
        {
            _gpt.Training = true;
        }
        return new EvalMetrics(split, counted == 0 ? 0 : lossSum / counted, counted == 0 ? 0 : (double)correct / counted, counted);
    }

    private void Ensure(int b)
    {
        if (_rows.Length >= b) return;
        _in = new int[b * _train.Context];
        _tg = new int[b * _train.Context];
        _rows = new long[b];
    }
}
