using System.Text.Json;

namespace Stepwise.Analysis.Dynamics;

/// <summary>Writes numbers that may be undefined: a null or non-finite value is JSON null (JSON has no NaN).</summary>
internal static class JsonNumbers
{
    public static void Number(this Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    public static void Numbers(this Utf8JsonWriter w, string name, IEnumerable<double?> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            if (value is { } v && double.IsFinite(v)) w.WriteNumberValue(v);
            else w.WriteNullValue();
        }
        w.WriteEndArray();
    }

    public static void Numbers(this Utf8JsonWriter w, string name, IEnumerable<double> values) => w.Numbers(name, values.Select(v => (double?)v));

    public static double? NullableDouble(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    public static double[] Doubles(this JsonElement e, string name) =>
        [.. e.GetProperty(name).EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number ? x.GetDouble() : double.NaN)];
}
