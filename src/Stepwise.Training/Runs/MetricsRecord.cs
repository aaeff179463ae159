namespace Stepwise.Training.Runs;

/// <summary>One row of <c>metrics.jsonl</c> as numbers: a training row (<c>lr</c>, <c>loss</c>) or an evaluation row
/// (<c>{split}_loss</c>, <c>{split}_accuracy</c>).</summary>
/// <param name="Step">The state the row reports (after that many updates).</param>
/// <param name="Epoch">Step / U.</param>
/// <param name="Values">Every other field in file order; null where the file has <c>null</c> (a non-finite value).</param>
public sealed record MetricsRecord(long Step, double Epoch, IReadOnlyList<KeyValuePair<string, double?>> Values)
{
    /// <summary>Whether this is a training row.</summary>
    public bool IsTraining => Values.Any(v => v.Key == "loss");

    /// <summary>The value of <paramref name="name"/>, or null when absent or null.</summary>
    public double? Get(string name)
    {
        foreach (var (k, v) in Values) if (k == name) return v;
        return null;
    }
}
