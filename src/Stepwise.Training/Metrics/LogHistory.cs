using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Stepwise.Training.Metrics;

/// <summary>
/// The bounded <c>log_history</c> a checkpoint carries, with Hugging Face's metric names, so HF-style consumers read a
/// curve while a checkpoint's size stays independent of the run's length. The rule (docs/training.md):
/// <list type="bullet">
/// <item>every evaluation row is kept;</item>
/// <item>training rows are kept at steps that are multiples of <see cref="Stride"/> and at the final step T, where
/// the stride is log.every × the smallest power of two p with ⌈T / (log.every · p)⌉ ≤ <see cref="MaxTrainingRows"/>;
/// so at most about <see cref="MaxTrainingRows"/> + 1 training rows, evenly spread.</item>
/// </list>
/// Names: a training row is <c>{"loss", "learning_rate", "epoch", "step"}</c>; an evaluation row names the metrics of
/// the run's one scheduled evaluation split <c>eval_loss</c>, <c>eval_accuracy</c> and every other split's
/// <c>eval_{split}_loss</c>, <c>eval_{split}_accuracy</c> (HF's names for several evaluation datasets), then
/// <c>epoch</c> and <c>step</c>. Values keep their exact text, so <see cref="ToMetricsRows"/> restores the kept rows of
/// <c>metrics.jsonl</c> byte for byte.
/// </summary>
public sealed class LogHistory
{
    /// <summary>The most training rows kept (plus the final one).</summary>
    public const long MaxTrainingRows = 2000;

    private readonly List<string> _rows = [];
    private readonly long _total;
    private readonly string? _mainSplit;

    /// <summary>A history for a run of <paramref name="total"/> updates logging every <paramref name="logEvery"/> steps,
    /// whose scheduled evaluations use the single split <paramref name="mainSplit"/> (null when they use several).</summary>
    public LogHistory(long total, long logEvery, string? mainSplit)
    {
        _total = total;
        _mainSplit = mainSplit;
        Stride = StrideFor(total, logEvery);
    }

    /// <summary>Training rows are kept at multiples of this many steps (and at T).</summary>
    public long Stride { get; }

    /// <summary>The kept rows, HF-named JSON objects, in step order.</summary>
    public IReadOnlyList<string> Rows => _rows;

    /// <summary>The stride for <paramref name="total"/> and <paramref name="logEvery"/> (see the class summary).</summary>
    public static long StrideFor(long total, long logEvery)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(logEvery, 1);
        long p = 1;
        while (EpochGeometry.CeilDiv(total, checked(logEvery * p)) > MaxTrainingRows) p = checked(p * 2);
        return checked(logEvery * p);
    }

    /// <summary>Records <paramref name="row"/> if the rule keeps it.</summary>
    public void Add(MetricsRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.IsTraining && row.Step % Stride != 0 && row.Step != _total) return;
        _rows.Add(ToHf(row));
    }

    /// <summary>Starts from a checkpoint's history: its rows up to <paramref name="step"/> that this history's rule keeps
    /// (a resumed run may have another T, hence another stride).</summary>
    public void Restore(IEnumerable<string> rows, long step)
    {
        ArgumentNullException.ThrowIfNull(rows);
        _rows.Clear();
        foreach (var row in FromHf(rows))
        {
            if (row.Step <= step) Add(row);
        }
    }

    /// <summary>The kept rows as <c>metrics.jsonl</c> rows (names mapped back, values as written).</summary>
    public IEnumerable<MetricsRow> ToMetricsRows() => FromHf(_rows);

    /// <summary><paramref name="row"/>'s values under Hugging Face's names (as in <see cref="Rows"/>), without epoch and
    /// step: what a TensorBoard callback logs. A JSON null is NaN.</summary>
    public IEnumerable<KeyValuePair<string, double>> HfValues(MetricsRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        foreach (var (name, value) in row.Fields)
        {
            if (name is "step" or "epoch") continue;
            string key = name switch { "lr" => "learning_rate", "loss" => "loss", _ => EvalName(name) };
            yield return new(key, value == "null" ? double.NaN : double.Parse(value, CultureInfo.InvariantCulture));
        }
    }

    private string ToHf(MetricsRow row)
    {
        var sb = new StringBuilder("{");
        void Field(string name, string value)
        {
            if (sb.Length > 1) sb.Append(',');
            sb.Append('"').Append(name).Append("\":").Append(value);
        }
        string epoch = "", step = "";
        string? lr = null;
        foreach (var (name, value) in row.Fields)
        {
            switch (name)
            {
                case "step": step = value; break;
                case "epoch": epoch = value; break;
                case "lr": lr = value; break;
                case "loss": Field("loss", value); break;
                default: Field(EvalName(name), value); break;
            }
        }
        if (lr is not null) Field("learning_rate", lr);   // HF's order: loss, learning_rate, epoch, step
        Field("epoch", epoch);
        Field("step", step);
        return sb.Append('}').ToString();
    }

    private string EvalName(string name)
    {
        if (_mainSplit is { } main && name.StartsWith(main + "_", StringComparison.Ordinal)) return "eval_" + name[(main.Length + 1)..];
        return "eval_" + name;
    }

    private IEnumerable<MetricsRow> FromHf(IEnumerable<string> rows)
    {
        foreach (string json in rows)
        {
            using var doc = JsonDocument.Parse(json);
            var r = doc.RootElement;
            long step = r.GetProperty("step").GetInt64();
            string epoch = r.GetProperty("epoch").GetRawText();
            var row = new MetricsRow(step, epoch);
            if (r.TryGetProperty("loss", out _))
            {
                if (r.TryGetProperty("learning_rate", out var lr)) row.AddRaw("lr", lr.GetRawText());
                row.AddRaw("loss", r.GetProperty("loss").GetRawText());
            }
            else
            {
                foreach (var p in r.EnumerateObject())
                {
                    if (!p.Name.StartsWith("eval_", StringComparison.Ordinal)) continue;
                    string rest = p.Name["eval_".Length..];
                    string name = _mainSplit is { } main && (rest == "loss" || rest == "accuracy") ? $"{main}_{rest}" : rest;
                    row.AddRaw(name, p.Value.GetRawText());
                }
            }
            yield return row;
        }
    }

    /// <summary>Formats a count for messages.</summary>
    internal static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
}
