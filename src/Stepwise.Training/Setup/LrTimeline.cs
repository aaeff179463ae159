using System.Text.Json;
using Stepwise.Engine.Optim;

namespace Stepwise.Training.Setup;

/// <summary>
/// The learning-rate schedule of every update a run performed, across resumes: a resume with another duration
/// recomputes the schedule from its step on (docs/training.md), so the rate of update t is that of the last segment
/// starting at or before t. Checkpoints carry it, so a replay of any window applies exactly the rates training applied.
/// </summary>
public sealed class LrTimeline
{
    private readonly (long From, LrSchedule Schedule)[] _segments;

    private LrTimeline((long From, LrSchedule Schedule)[] segments) => _segments = segments;

    /// <summary>The segments, by first update ascending (the first starts at update 0).</summary>
    public IReadOnlyList<(long From, LrSchedule Schedule)> Segments => _segments;

    /// <summary>One schedule for the whole run.</summary>
    public static LrTimeline Of(LrSchedule schedule) => new([(0, schedule ?? throw new ArgumentNullException(nameof(schedule)))]);

    /// <summary>This timeline up to update <paramref name="from"/> − 1, then <paramref name="schedule"/> (itself when the
    /// schedule in force at <paramref name="from"/> is already <paramref name="schedule"/>).</summary>
    public LrTimeline ContinuedWith(long from, LrSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var kept = _segments.Where(s => s.From < from).ToList();
        if (kept.Count > 0 && kept[^1].Schedule == schedule && kept.Count == _segments.Length) return this;
        if (kept.Count > 0 && kept[^1].Schedule == schedule) return new([.. kept]);
        kept.Add((from, schedule));
        return new([.. kept]);
    }

    /// <summary>The rate of update <paramref name="update"/> (float64; the optimizer applies it as float32).</summary>
    public double At(Step update)
    {
        var schedule = _segments[0].Schedule;
        for (int i = 1; i < _segments.Length && _segments[i].From <= update.Value; i++) schedule = _segments[i].Schedule;
        return schedule.At(update);
    }

    /// <summary>Writes the timeline as a JSON array value.</summary>
    public void Write(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartArray();
        foreach (var (from, s) in _segments)
        {
            w.WriteStartObject();
            w.WriteNumber("from_update", from);
            w.WriteString("kind", s.Kind.ToString().ToLowerInvariant());
            w.WriteNumber("rate", s.Rate);
            w.WriteNumber("total_steps", s.TotalSteps.Value);
            w.WriteNumber("warmup_steps", s.WarmupSteps.Value);
            w.WriteNumber("min_rate", s.MinRate);
            w.WriteNumber("step_size", s.StepSize.Value);
            w.WriteNumber("gamma", s.Gamma);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>Reads what <see cref="Write"/> wrote; throws <see cref="FormatException"/> when it is malformed.</summary>
    public static LrTimeline Read(JsonElement e)
    {
        var segments = new List<(long, LrSchedule)>();
        foreach (var s in e.EnumerateArray())
        {
            string kind = s.GetProperty("kind").GetString() ?? "";
            if (!Enum.TryParse(kind, ignoreCase: true, out LrScheduleKind k)) throw new FormatException($"lr schedule kind '{kind}' is unknown");
            segments.Add((s.GetProperty("from_update").GetInt64(), new LrSchedule(k, s.GetProperty("rate").GetDouble(), new StepCount(s.GetProperty("total_steps").GetInt64()),
                new StepCount(s.GetProperty("warmup_steps").GetInt64()), s.GetProperty("min_rate").GetDouble(), new StepCount(s.GetProperty("step_size").GetInt64()), s.GetProperty("gamma").GetDouble())));
        }
        if (segments.Count == 0 || segments[0].Item1 != 0) throw new FormatException("the lr schedules must start at update 0");
        return new([.. segments]);
    }
}
