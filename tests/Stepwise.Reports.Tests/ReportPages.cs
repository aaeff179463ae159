using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Stepwise.Reports.Tests;

/// <summary>Reads back what a report page embeds: its chart specs (with their data) by id.</summary>
public static partial class ReportPages
{
    /// <summary>Every chart spec of the page <paramref name="html"/>, by chart id.</summary>
    public static Dictionary<string, JsonObject> Specs(string html)
    {
        var specs = new Dictionary<string, JsonObject>();
        foreach (Match m in SpecScript().Matches(html)) specs[m.Groups[1].Value] = JsonNode.Parse(m.Groups[2].Value)!.AsObject();
        return specs;
    }

    /// <summary>The rows of a spec's table dataset.</summary>
    public static JsonArray Table(JsonObject spec) => spec["datasets"]!["table"]!.AsArray();

    [GeneratedRegex("<script type=\"application/json\" id=\"spec-([a-z0-9-]+)\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex SpecScript();
}
