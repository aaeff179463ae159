using System.Text.Json.Nodes;

namespace Stepwise.Reports.Charts;

/// <summary>Fluent additions to a spec object.</summary>
internal static class JsonObjectExtensions
{
    /// <summary><paramref name="o"/> with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public static JsonObject With(this JsonObject o, string key, JsonNode? value)
    {
        o[key] = value;
        return o;
    }
}
