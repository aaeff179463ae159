using System.Globalization;
using System.Text;
using System.Text.Json;
using Stepwise.Training.Checkpoints;
using Stepwise.Training;

namespace Stepwise.Analysis.Dynamics;

/// <summary>
/// <c>dynamics/epoch_E.json</c>: one scheduled epoch's measurements, written atomically (temporary file, rename) when
/// the epoch is measured, before the trainer's checkpoint of that step; results.json is rebuilt from these files, so a
/// resumed run and an uninterrupted one write the same results. Doubles round-trip exactly (shortest form).
/// </summary>
public static class EpochRecordFile
{
    /// <summary>The folder of the records inside the run folder.</summary>
    public const string Folder = "dynamics";

    /// <summary>The record file of <paramref name="epoch"/>.</summary>
    public static string PathOf(string runDirectory, long epoch) =>
        Path.Combine(runDirectory, Folder, string.Create(CultureInfo.InvariantCulture, $"epoch_{epoch}.json"));

    /// <summary>Writes <paramref name="m"/> with the measurement key <paramref name="key"/> (<see cref="DynamicsSettings.MeasurementKey"/>).</summary>
    public static void Write(string runDirectory, EpochMeasurement m, string key)
    {
        ArgumentNullException.ThrowIfNull(m);
        Directory.CreateDirectory(Path.Combine(runDirectory, Folder));
        byte[] bytes = CheckpointJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", AnalysisAssembly.SchemaVersion);
            w.WriteNumber("epoch", m.Epoch);
            w.WriteNumber("step", m.Step);
            w.WriteString("timestamp", m.Timestamp);
            w.WriteString("measurement", key);
            w.WriteStartArray("passages");
            foreach (var p in m.Passages) WritePassage(w, p);
            w.WriteEndArray();
            w.WriteEndObject();
        });
        string path = PathOf(runDirectory, m.Epoch), tmp = path + ".tmp";
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>One passage record (also results.json's).</summary>
    internal static void WritePassage(Utf8JsonWriter w, PassageMeasurement p)
    {
        w.WriteStartObject();
        w.WriteNumber("index", p.Index);
        w.WriteBoolean("trained", p.Trained);
        w.WriteNumber("tokens", p.Tokens);
        w.Number("accuracy", p.Accuracy);
        w.WriteBoolean("memorized", p.Memorized);
        w.Numbers("prefix_accuracy", p.PrefixAccuracy);
        w.Number("accuracy_fixed", p.AccuracyFixed);
        w.WriteBoolean("exact", p.Exact);
        w.Number("loss", p.Loss);
        w.Number("perplexity", p.Perplexity);
        w.Numbers("compression", p.Compression);
        w.Numbers("compression_scale_free", p.CompressionScaleFree);
        w.WriteEndObject();
    }

    /// <summary>The record of <paramref name="epoch"/>, or null when the file is missing, unreadable or was measured
    /// with another key (then it is measured again).</summary>
    public static EpochMeasurement? Read(string runDirectory, long epoch, string key)
    {
        string path = PathOf(runDirectory, epoch);
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            if (root.GetProperty("measurement").GetString() != key || root.GetProperty("epoch").GetInt64() != epoch) return null;
            var passages = root.GetProperty("passages").EnumerateArray().Select(p => new PassageMeasurement(
                p.GetProperty("index").GetInt32(), p.GetProperty("trained").GetBoolean(), p.GetProperty("tokens").GetInt32(),
                p.NullableDouble("accuracy") ?? double.NaN, p.GetProperty("memorized").GetBoolean(), p.Doubles("prefix_accuracy"),
                p.NullableDouble("accuracy_fixed") ?? double.NaN, p.GetProperty("exact").GetBoolean(),
                p.NullableDouble("loss") ?? double.NaN, p.NullableDouble("perplexity") ?? double.NaN,
                p.Doubles("compression"), p.Doubles("compression_scale_free"))).ToList();
            return new EpochMeasurement(epoch, root.GetProperty("step").GetInt64(), passages, root.GetProperty("timestamp").GetString() ?? "");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IOException)
        {
            return null;
        }
    }

    /// <summary>Removes the records of scheduled epochs that end after state <paramref name="step"/> (a resume from
    /// an earlier checkpoint measures them again).</summary>
    public static void RemoveAfter(string runDirectory, IEnumerable<(long Epoch, long Step)> schedule, long step)
    {
        foreach (var (epoch, end) in schedule)
        {
            if (end > step && File.Exists(PathOf(runDirectory, epoch))) File.Delete(PathOf(runDirectory, epoch));
        }
    }

    /// <summary>UTF-8 without a byte-order mark.</summary>
    internal static readonly UTF8Encoding Utf8 = new(false);
}
