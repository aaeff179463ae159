using System.Globalization;

namespace Stepwise.Training.Data;

/// <summary>
/// Carves a source's rows into splits. The rows 0..R−1 are shuffled with the split stream; when N is given only the
/// first N shuffled rows are used. Each configured split, in config order, takes the next floor(fraction · n) rows
/// (the fraction as written, in exact decimal arithmetic) and train takes the rest. Each split's rows are then sorted
/// ascending, so a split keeps the source order.
/// </summary>
internal static class SplitPlanner
{
    public static ParseResult<SplitPlan> Plan(int sourceRows, long? n, IReadOnlyDictionary<string, double>? splits, ulong seed, string source)
    {
        int used = sourceRows;
        if (n is { } want)
        {
            if (want < 1 || want > sourceRows)
            {
                return ParseResult<SplitPlan>.Fail(Inv($"data.n = {want}: {source} has {sourceRows} rows; n must be 1..{sourceRows} (a seeded random subset)"));
            }
            used = (int)want;
        }
        var names = new List<string> { "train" };
        var sizes = new List<int>();
        decimal total = 0m;
        foreach (var (name, fraction) in splits ?? new Dictionary<string, double>())
        {
            string key = $"data.splits.{name}";
            if (name is null || name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-'))
            {
                return ParseResult<SplitPlan>.Fail($"data.splits: split name '{name}' is not allowed; names are letters, digits, '_' and '-' (e.g. val, test)");
            }
            if (names.Any(x => string.Equals(x, name, StringComparison.OrdinalIgnoreCase)))
            {
                return ParseResult<SplitPlan>.Fail(name.Equals("train", StringComparison.OrdinalIgnoreCase)
                    ? $"{key}: train is the remainder and cannot be given a fraction; list only the other splits (e.g. val: 0.2)"
                    : $"{key}: split name given twice (names are compared ignoring case); give each split once");
            }
            string shown = fraction.ToString("R", CultureInfo.InvariantCulture);
            if (!double.IsFinite(fraction) || fraction <= 0 || fraction >= 1)
            {
                return ParseResult<SplitPlan>.Fail($"{key} = {shown}: a split fraction must be above 0 and below 1");
            }
            if (!decimal.TryParse(shown, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal exact)) exact = 0m;
            total += exact;
            int size = (int)decimal.Floor(exact * used);
            if (size < 1)
            {
                decimal minimum = decimal.Round(1m / used, 6, MidpointRounding.ToPositiveInfinity);
                return ParseResult<SplitPlan>.Fail(Inv($"{key} = {shown}: floor({shown} × {used} rows) is 0 rows; a split needs at least 1 row (fraction ≥ {minimum})"));
            }
            names.Add(name);
            sizes.Add(size);
        }
        if (total >= 1m)
        {
            return ParseResult<SplitPlan>.Fail(Inv($"data.splits: the fractions sum to {total}; they must sum to less than 1 so that train keeps the rest"));
        }
        int train = used - sizes.Sum();
        if (train < 1)
        {
            return ParseResult<SplitPlan>.Fail(Inv($"data.splits: the splits take all {used} rows ({string.Join(" + ", sizes)}); train would be empty, lower the fractions"));
        }
        var order = new int[sourceRows];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        DataStreams.For(seed, DataStreams.Split).Shuffle(order.AsSpan());
        var rows = new int[names.Count][];
        int at = 0;
        for (int s = 0; s < sizes.Count; s++)
        {
            rows[s + 1] = Sorted(order.AsSpan(at, sizes[s]));
            at += sizes[s];
        }
        rows[0] = Sorted(order.AsSpan(at, train));
        return ParseResult<SplitPlan>.Ok(new SplitPlan([.. names], rows));
    }

    private static int[] Sorted(ReadOnlySpan<int> rows)
    {
        int[] copy = rows.ToArray();
        Array.Sort(copy);
        return copy;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
