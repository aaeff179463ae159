using System.Text.Json.Nodes;

namespace Stepwise.Reports.Charts;

/// <summary>Small builders for the Vega-Lite specifications of the report (System.Text.Json nodes): the shared look,
/// titles, the step axis and the hover rule that shows a tooltip for the nearest step.</summary>
internal static class Vl
{
    /// <summary>The look every chart shares: fonts, sizes, the colour-blind-safe category palette, no view border.</summary>
    public static JsonObject Config() => new()
    {
        ["font"] = "system-ui, -apple-system, Segoe UI, DejaVu Sans, sans-serif",
        ["view"] = new JsonObject { ["stroke"] = null },
        ["range"] = new JsonObject { ["category"] = Array(Palette.Categorical) },
        ["axis"] = new JsonObject
        {
            ["labelFontSize"] = 11, ["titleFontSize"] = 12, ["titleFontWeight"] = "normal", ["titleColor"] = "#3b444d",
            ["labelColor"] = "#3b444d", ["gridColor"] = "#e9edf1", ["domainColor"] = "#9aa4ad", ["tickColor"] = "#9aa4ad",
        },
        ["legend"] = new JsonObject { ["labelLimit"] = 360, ["labelFontSize"] = 11.5, ["titleFontSize"] = 11.5, ["titleFontWeight"] = "normal", ["orient"] = "top", ["direction"] = "horizontal", ["symbolStrokeWidth"] = 2.5 },
        ["title"] = new JsonObject { ["fontSize"] = 14.5, ["fontWeight"] = 600, ["anchor"] = "start", ["subtitleFontSize"] = 11.5, ["subtitleColor"] = "#5b6570", ["subtitlePadding"] = 3, ["offset"] = 8 },
        ["line"] = new JsonObject { ["strokeWidth"] = 1.8 },
        ["tick"] = new JsonObject { ["thickness"] = 1.5 },
    };

    /// <summary>A top-level layered chart filling its container's width.</summary>
    public static JsonObject Layered(string title, string? subtitle, int height, params JsonNode[] layers)
    {
        var t = new JsonObject { ["text"] = title };
        if (!string.IsNullOrEmpty(subtitle)) t["subtitle"] = Array(Lines(subtitle));
        return new JsonObject
        {
            ["width"] = "container",
            ["height"] = height,
            ["autosize"] = new JsonObject { ["type"] = "fit-x", ["contains"] = "padding" },
            ["title"] = t,
            ["config"] = Config(),
            ["data"] = new JsonObject { ["name"] = "table" },
            ["layer"] = new JsonArray(layers),
        };
    }

    /// <summary>The step axis: field <paramref name="field"/>, titled with its unit.</summary>
    public static JsonObject StepX(string field = "step", string title = "step (optimizer updates)") => new()
    {
        ["field"] = field,
        ["type"] = "quantitative",
        ["title"] = title,
        ["axis"] = new JsonObject { ["format"] = "~s", ["labelExpr"] = ZeroLabel, ["tickCount"] = TickCount },
        ["scale"] = new JsonObject { ["nice"] = false },
    };

    /// <summary>About one step-axis tick per 75 pixels, so that labels such as "280" and "300" never touch.</summary>
    public static JsonObject TickCount => new() { ["expr"] = "ceil(width / 75)" };

    /// <summary>An axis label expression that writes 0 as "0" (an SI format writes "0M" on a 3M-step axis).</summary>
    public const string ZeroLabel = "datum.value === 0 ? '0' : datum.label";

    /// <summary>A quantitative field.</summary>
    public static JsonObject Q(string field, string? title = null, string? format = null)
    {
        var o = new JsonObject { ["field"] = field, ["type"] = "quantitative" };
        if (title is not null) o["title"] = title;
        if (format is not null) o["format"] = format;
        return o;
    }

    /// <summary>A nominal field.</summary>
    public static JsonObject N(string field, string? title = null)
    {
        var o = new JsonObject { ["field"] = field, ["type"] = "nominal" };
        if (title is not null) o["title"] = title;
        return o;
    }

    /// <summary>The longest subtitle line (characters) before the parts of a subtitle wrap.</summary>
    public const int SubtitleLine = 84;

    /// <summary>A subtitle's parts (separated by " · ") packed into lines of at most <see cref="SubtitleLine"/>
    /// characters, so that no chart cuts its subtitle off.</summary>
    public static IReadOnlyList<string> Lines(string subtitle)
    {
        var lines = new List<string>();
        foreach (string part in subtitle.Split(" · "))
        {
            if (lines.Count > 0 && lines[^1].Length + 3 + part.Length <= SubtitleLine) lines[^1] += " · " + part;
            else lines.Add(part);
        }
        return lines;
    }

    /// <summary>A JSON array of strings.</summary>
    public static JsonArray Array(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode?)JsonValue.Create(i))]);

    /// <summary>The hover layer of a line chart: an invisible rule per step that the pointer selects (nearest step),
    /// drawn grey when selected, with a tooltip of <paramref name="tooltip"/>.</summary>
    public static JsonObject HoverRule(string param, params JsonObject[] tooltip) => new()
    {
        ["mark"] = new JsonObject { ["type"] = "rule", ["color"] = "#5b6570", ["strokeWidth"] = 1 },
        ["params"] = new JsonArray(new JsonObject
        {
            ["name"] = param,
            ["select"] = new JsonObject { ["type"] = "point", ["fields"] = new JsonArray("step"), ["nearest"] = true, ["on"] = "pointerover", ["clear"] = "pointerout" },
        }),
        ["encoding"] = new JsonObject
        {
            ["x"] = StepX(),
            ["opacity"] = new JsonObject
            {
                ["condition"] = new JsonObject { ["param"] = param, ["empty"] = false, ["value"] = 0.6 },
                ["value"] = 0,
            },
            ["tooltip"] = new JsonArray([.. tooltip]),
        },
    };

    /// <summary>A short label at the top of each rule of <paramref name="dataset"/> (field <c>short</c>).</summary>
    public static JsonObject RuleLabels(string dataset, string color) => new()
    {
        ["data"] = new JsonObject { ["name"] = dataset },
        ["mark"] = new JsonObject { ["type"] = "text", ["color"] = color, ["align"] = "left", ["baseline"] = "top", ["dx"] = 3, ["dy"] = 2, ["fontSize"] = 10.5, ["y"] = 0 },
        ["encoding"] = new JsonObject { ["x"] = StepX(), ["text"] = new JsonObject { ["field"] = "short" } },
    };

    /// <summary>Vertical reference rules from the dataset <paramref name="dataset"/> (field <c>step</c>), e.g. epoch ends
    /// or resumes, with a tooltip of field <c>label</c>.</summary>
    public static JsonObject Rules(string dataset, string color, double opacity, JsonArray? dash = null, double width = 1)
    {
        var mark = new JsonObject { ["type"] = "rule", ["color"] = color, ["opacity"] = opacity, ["strokeWidth"] = width };
        if (dash is not null) mark["strokeDash"] = dash;
        return new JsonObject
        {
            ["data"] = new JsonObject { ["name"] = dataset },
            ["mark"] = mark,
            ["encoding"] = new JsonObject
            {
                ["x"] = StepX(),
                ["tooltip"] = new JsonArray(N("label", "event"), Q("step", "step")),
            },
        };
    }
}
