using System.Globalization;

namespace Stepwise.Training.Data;

/// <summary>
/// <c>data.exclude_rows</c>: train-split rows left out after the split, the scaling and the label noise (so the rows
/// that stay keep the features and labels the full train split gives them), the others renumbered 0..n−1 in their
/// order, with their source rows and the noise record carried along.
/// </summary>
internal static class ExcludedRows
{
    /// <summary>The train rows that stay (ascending), or the one-line problem: a row past the split, a row listed
    /// twice, or every row excluded.</summary>
    public static ParseResult<int[]> Kept(IReadOnlyList<long> excluded, int trainRows)
    {
        var drop = new bool[trainRows];
        foreach (long row in excluded)
        {
            if (row < 0 || row >= trainRows)
                return Fail($"data.exclude_rows: row {row} is not a train row (the train split has rows 0..{trainRows - 1})");
            if (drop[row]) return Fail($"data.exclude_rows: row {row} is listed twice; list each train row once");
            drop[row] = true;
        }
        if (excluded.Count == trainRows) return Fail($"data.exclude_rows: lists all {trainRows} train rows; at least one must stay");
        var kept = new int[trainRows - excluded.Count];
        for (int r = 0, k = 0; r < trainRows; r++)
        {
            if (!drop[r]) kept[k++] = r;
        }
        return ParseResult<int[]>.Ok(kept);
    }

    /// <summary>The split plan with train's source rows narrowed to <paramref name="kept"/>.</summary>
    public static SplitPlan Narrow(SplitPlan split, int[] kept)
    {
        var rows = (int[][])split.Rows.Clone();
        rows[0] = [.. kept.Select(k => split.Rows[0][k])];
        return split with { Rows = rows };
    }

    /// <summary>The noise record in the new numbering: the flipped rows that stay, renumbered.</summary>
    public static LabelNoiseResult Renumber(LabelNoiseResult noise, int[] kept)
    {
        if (noise.Indices.Length == 0) return noise;
        var position = new Dictionary<long, int>(kept.Length);
        for (int i = 0; i < kept.Length; i++) position[kept[i]] = i;
        var indices = new List<long>();
        var labels = new List<int>();
        for (int i = 0; i < noise.Indices.Length; i++)
        {
            if (!position.TryGetValue(noise.Indices[i], out int at)) continue;
            indices.Add(at);
            labels.Add(noise.OriginalLabels[i]);
        }
        return new LabelNoiseResult([.. indices], [.. labels]);
    }

    private static ParseResult<int[]> Fail(FormattableString message) => ParseResult<int[]>.Fail(message.ToString(CultureInfo.InvariantCulture));
}
