using Stepwise.Training.Data;

namespace Stepwise.Analysis.Influence;

/// <summary>What is known about each training sample j (a train-split row): the source row it came from, its label as
/// trained, and whether label noise flipped it.</summary>
public sealed class TrainSamples
{
    private readonly IReadOnlyList<int> _sourceRows;
    private readonly int[]? _labels;
    private readonly HashSet<long> _noisy;

    /// <summary>Reads the samples of <paramref name="data"/>'s train split.</summary>
    public TrainSamples(LoadedData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _sourceRows = data.SourceRows["train"];
        _labels = data.Tabular?["train"].Y;
        _noisy = [.. data.NoisyIndices];
        HasNoise = data.NoisyIndices.Count > 0;
        Count = data.TrainCount;
    }

    /// <summary>Training samples N.</summary>
    public long Count { get; }

    /// <summary>Whether the data has injected label noise (<c>data.label_noise</c>).</summary>
    public bool HasNoise { get; }

    /// <summary>The source row of sample <paramref name="j"/>.</summary>
    public long SourceRow(long j) => _sourceRows[(int)j];

    /// <summary>Sample <paramref name="j"/>'s label as trained (after noise), or null for sequences.</summary>
    public int? Label(long j) => _labels?[j];

    /// <summary>Whether sample <paramref name="j"/>'s label was flipped; null when the data has no injected noise.</summary>
    public bool? Noisy(long j) => HasNoise ? _noisy.Contains(j) : null;
}
