using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Stepwise.Training.Setup;

/// <summary>
/// Train rows that weigh nothing during the updates of one window: inside <see cref="Window"/> (inclusive update
/// indices) every occurrence of an excluded row in a micro-batch gets gradient weight 0, while the batches, their
/// denominators, the learning rate and the L2 / weight-decay terms stay exactly as in the run without exclusion. It is
/// the counterfactual of leave-one-out and time-windowed influence ("sample j removed only during updates a..b").
/// Part of the run's identity, so a checkpoint of an excluded run never resumes a plain one.
/// </summary>
public sealed class RowExclusion
{
    private readonly long[] _rows;

    /// <summary>Excludes <paramref name="rows"/> (train-split indices; duplicates are ignored) during <paramref name="window"/>.</summary>
    /// <exception cref="ArgumentException">A row is negative or there are none.</exception>
    public RowExclusion(StepWindow window, IEnumerable<long> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        _rows = rows.Distinct().Order().ToArray();
        if (_rows.Length == 0) throw new ArgumentException("an exclusion needs at least one row", nameof(rows));
        if (_rows[0] < 0) throw new ArgumentException($"row {_rows[0]} is negative; train rows are 0-based indices", nameof(rows));
        Window = window;
        Digest = ComputeDigest();
    }

    /// <summary>The updates during which the rows weigh nothing (inclusive).</summary>
    public StepWindow Window { get; }

    /// <summary>The excluded train rows, ascending, without duplicates.</summary>
    public IReadOnlyList<long> Rows => _rows;

    /// <summary>SHA-256 (hex) of the window and rows: what the run identity compares.</summary>
    public string Digest { get; }

    /// <summary>Whether row <paramref name="row"/> is excluded from update <paramref name="update"/>.</summary>
    public bool Excludes(long update, long row) => Window.Contains(update) && Array.BinarySearch(_rows, row) >= 0;

    /// <summary>Whether any row is excluded from update <paramref name="update"/>.</summary>
    public bool Covers(long update) => Window.Contains(update);

    /// <summary>The largest row index excluded.</summary>
    public long MaxRow => _rows[^1];

    /// <summary>"rows 3, 17 (2) during updates [0, 99]".</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{(_rows.Length <= 5 ? "rows " + string.Join(", ", _rows) : $"{_rows.Length} rows")} during updates {Window}");

    private string ComputeDigest()
    {
        var bytes = new byte[checked((_rows.Length + 2) * 8)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, Window.Start);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), Window.End);
        for (int i = 0; i < _rows.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan((i + 2) * 8), _rows[i]);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
