using System.Text.Json;

namespace Stepwise.Training;

/// <summary>Writes numbers that may be undefined into Stepwise's JSON files: a null or non-finite value is JSON null
/// (JSON has no NaN or infinity), every other value is written as it is.</summary>
public static class JsonNumbers
{
    /// <summary>Property <paramref name="name"/>: <paramref name="value"/>, or null when it is null or not finite.</summary>
    public static void Number(this Utf8JsonWriter w, string name, double? value)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (value is { } v && double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    /// <summary>An array element: <paramref name="value"/>, or null when it is null or not finite.</summary>
    public static void NumberValue(this Utf8JsonWriter w, double? value)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (value is { } v && double.IsFinite(v)) w.WriteNumberValue(v);
        else w.WriteNullValue();
    }

    /// <summary>Property <paramref name="name"/>: an array of <paramref name="values"/>, each as <see cref="NumberValue"/>.</summary>
    public static void Numbers(this Utf8JsonWriter w, string name, IEnumerable<double?> values)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(values);
        w.WriteStartArray(name);
        foreach (var value in values) w.NumberValue(value);
        w.WriteEndArray();
    }

    /// <summary>Property <paramref name="name"/>: an array of <paramref name="values"/>, each as <see cref="NumberValue"/>.</summary>
    public static void Numbers(this Utf8JsonWriter w, string name, IEnumerable<double> values) => w.Numbers(name, values.Select(v => (double?)v));
}
