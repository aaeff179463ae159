using System.Globalization;
using System.Text;

namespace Stepwise.Training.Metrics;

/// <summary>
/// One line of <c>metrics.jsonl</c>: a flat JSON object whose first field is <c>step</c> (the state after that many
/// updates) and second <c>epoch</c> (step / U, 6 decimals). A training row adds <c>lr</c> and <c>loss</c> of update
/// step−1; an evaluation row adds <c>{split}_loss</c> and <c>{split}_accuracy</c>. Numbers are written in their
/// shortest round-trip form, so the same run always writes the same bytes. No wall-clock fields (those go to
/// <c>timing.jsonl</c>), so a resumed run's log equals an uninterrupted one byte for byte.
/// </summary>
public sealed class MetricsRow
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    /// <summary>Starts a row at <paramref name="step"/>.</summary>
    public MetricsRow(long step, long stepsPerEpoch)
    {
        Step = step;
        decimal epoch = Math.Round((decimal)step / stepsPerEpoch, 6, MidpointRounding.ToEven);
        _fields.Add(new("step", step.ToString(CultureInfo.InvariantCulture)));
        _fields.Add(new("epoch", Planning.PlanJson.Decimal(epoch, 6)));
    }

    /// <summary>A row at <paramref name="step"/> whose epoch field is the JSON number text <paramref name="epoch"/>
    /// (a row read back from a history).</summary>
    public MetricsRow(long step, string epoch)
    {
        Step = step;
        _fields.Add(new("step", step.ToString(CultureInfo.InvariantCulture)));
        _fields.Add(new("epoch", epoch));
    }

    /// <summary>The step.</summary>
    public long Step { get; }

    /// <summary>Every field, step and epoch first, as (name, JSON number text).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    /// <summary>Adds a float64 field.</summary>
    public MetricsRow Add(string name, double value)
    {
        _fields.Add(new(name, double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "null"));
        return this;
    }

    /// <summary>Adds a field whose value is already JSON number text (or <c>null</c>), kept byte for byte.</summary>
    public MetricsRow AddRaw(string name, string jsonNumber)
    {
        _fields.Add(new(name, jsonNumber));
        return this;
    }

    /// <summary>Whether this is a training row (it has a <c>loss</c> field).</summary>
    public bool IsTraining => _fields.Exists(f => f.Key == "loss");

    /// <summary>The value of <paramref name="name"/> if present and numeric.</summary>
    public double? Get(string name)
    {
        foreach (var (k, v) in _fields)
        {
            if (k == name && v != "null") return double.Parse(v, CultureInfo.InvariantCulture);
        }
        return null;
    }

    /// <summary>The JSON line (without newline).</summary>
    public string ToJson()
    {
        var sb = new StringBuilder("{");
        for (int i = 0; i < _fields.Count; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append('"').Append(_fields[i].Key).Append("\":").Append(_fields[i].Value);
        }
        return sb.Append('}').ToString();
    }
}
