using System.Text.Json;

namespace Stepwise.Analysis.Dynamics;

/// <summary>Reads back the numbers <see cref="Training.JsonNumbers"/> wrote: JSON null (an undefined value) is null or NaN.</summary>
internal static class JsonReading
{
    public static double? NullableDouble(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    public static double[] Doubles(this JsonElement e, string name) =>
        [.. e.GetProperty(name).EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number ? x.GetDouble() : double.NaN)];
}
