using System.Text.Json.Nodes;

namespace Stepwise.Reports.Page;

/// <summary>
/// One chart of a page: a Vega-Lite specification built in C# and its data. The page embeds <see cref="Table"/> once,
/// as the spec's <c>table</c> dataset (other small datasets, such as epoch boundaries, may sit in the spec's
/// <c>datasets</c> too), renders it with vega-embed, and offers the table as CSV.
/// </summary>
/// <param name="Id">The container id: lowercase letters, digits and '-', unique in the page.</param>
/// <param name="Spec">The Vega-Lite spec without its <c>table</c> dataset; it reads <c>{"name": "table"}</c>.</param>
/// <param name="Table">The chart's data.</param>
/// <param name="StepAxisToggle">Whether the page offers a log-scale (symlog) switch for the x axis, field <c>step</c>.</param>
/// <param name="Wide">Whether the chart takes the page's full width rather than a grid cell.</param>
internal sealed record Chart(string Id, JsonObject Spec, ChartTable Table, bool StepAxisToggle = false, bool Wide = false)
{
    /// <summary>The Vega-Lite schema the specs are written for (the vendored vega-lite's major version).</summary>
    public const string Schema = "https://vega.github.io/schema/vega-lite/v6.json";

    /// <summary>The full spec: <see cref="Spec"/> with the table dataset added.</summary>
    public JsonObject Complete()
    {
        var spec = (JsonObject)Spec.DeepClone();
        spec["$schema"] = Schema;
        if (spec["datasets"] is not JsonObject datasets)
        {
            datasets = [];
            spec["datasets"] = datasets;
        }
        datasets["table"] = Table.ToJson();
        return spec;
    }
}
