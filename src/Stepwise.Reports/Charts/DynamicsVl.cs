using System.Globalization;
using System.Text.Json.Nodes;
using Stepwise.Analysis.Dynamics;

namespace Stepwise.Reports.Charts;

/// <summary>
/// What the dynamics charts share: names of layer transitions and scores, the epoch axis (log scale, ticks at the
/// measured epochs), the selectors (transition, score, fit axis: Vega-Lite parameters bound to page inputs), the
/// per-passage score columns and the top-level concatenated layout of small multiples.
/// </summary>
internal static class DynamicsVl
{
    /// <summary>The width the wide dynamics charts lay their panels out in (pixels; the page's content width less the
    /// figure's padding and vega-embed's menu).</summary>
    public const int WideWidth = 1120;

    /// <summary>Transition ℓ → ℓ+1 in short: "0→1".</summary>
    public static string Transition(int layer) => string.Create(CultureInfo.InvariantCulture, $"{layer}→{layer + 1}");

    /// <summary>Transition ℓ → ℓ+1 in words: "0→1 (embedding → block 1)".</summary>
    public static string TransitionLong(int layer) => string.Create(CultureInfo.InvariantCulture,
        $"{Transition(layer)} ({(layer == 0 ? "embedding" : $"block {layer}")} → block {layer + 1})");

    /// <summary>The JSON name of a score (results.json's): "absolute", "scale_free".</summary>
    public static string Key(CompressionScore score) => ResultsJson.Name(score);

    /// <summary>A score in words, with its definition.</summary>
    public static string ScoreTitle(CompressionScore score) => score == CompressionScore.Absolute
        ? "absolute score −ln(S + ε) (seed 002's)"
        : "scale-free score ln((V + ε)/(S + ε))";

    /// <summary>A score's short name for chart ids and selectors.</summary>
    public static string ScoreSlug(CompressionScore score) => score == CompressionScore.Absolute ? "absolute" : "scale-free";

    /// <summary>The per-passage columns of a table holding both scores at every transition: absolute_0 …, scale_free_0 ….</summary>
    public static IEnumerable<string> ScoreColumns(int transitions) =>
        Enumerable.Range(0, transitions).Select(l => Column(CompressionScore.Absolute, l))
            .Concat(Enumerable.Range(0, transitions).Select(l => Column(CompressionScore.ScaleFree, l)));

    /// <summary>The column of one score at one transition.</summary>
    public static string Column(CompressionScore score, int layer) => string.Create(CultureInfo.InvariantCulture, $"{Key(score)}_{layer}");

    /// <summary>A passage's cells for <see cref="ScoreColumns"/>.</summary>
    public static IEnumerable<object?> ScoreCells(PassageMeasurement p, int transitions) =>
        Enumerable.Range(0, transitions).Select(l => (object?)At(p.Compression, l)).Concat(Enumerable.Range(0, transitions).Select(l => (object?)At(p.CompressionScaleFree, l)));

    private static double At(IReadOnlyList<double> values, int i) => i < values.Count ? values[i] : double.NaN;

    /// <summary>The expression of the selected score at the selected transition (parameters <c>score</c>, <c>layer</c>).</summary>
    public const string SelectedScore = "datum[score + '_' + layer]";

    /// <summary>The transition selector: parameter <c>layer</c>, a drop-down of the transitions.</summary>
    public static JsonObject LayerParam(int transitions, int initial) => new()
    {
        ["name"] = "layer",
        ["value"] = initial,
        ["bind"] = new JsonObject
        {
            ["input"] = "select",
            ["options"] = new JsonArray([.. Enumerable.Range(0, transitions).Select(l => (JsonNode?)JsonValue.Create(l))]),
            ["labels"] = Vl.Array(Enumerable.Range(0, transitions).Select(TransitionLong)),
            ["name"] = "transition ",
        },
    };

    /// <summary>The score selector: parameter <c>score</c>, radio buttons (absolute first: seed 002's).</summary>
    public static JsonObject ScoreParam() => new()
    {
        ["name"] = "score",
        ["value"] = Key(CompressionScore.Absolute),
        ["bind"] = new JsonObject
        {
            ["input"] = "radio",
            ["options"] = new JsonArray(Key(CompressionScore.Absolute), Key(CompressionScore.ScaleFree)),
            ["labels"] = new JsonArray("absolute −ln(S + ε)", "scale-free ln(V/S)"),
            ["name"] = " score ",
        },
    };

    /// <summary>The default transition of the selectors: the middle one, as seed 002's figures use.</summary>
    public static int MiddleLayer(int transitions) => transitions / 2;

    /// <summary>The epoch axis: field <c>epoch</c>, log scale over the measured epochs (padded), a tick at each.</summary>
    public static JsonObject EpochX(IReadOnlyList<long> epochs, string title = "epoch (log scale)")
    {
        long lo = epochs.Count == 0 ? 1 : epochs.Min(), hi = epochs.Count == 0 ? 1 : epochs.Max();
        return new JsonObject
        {
            ["field"] = "epoch",
            ["type"] = "quantitative",
            ["title"] = title,
            ["scale"] = new JsonObject { ["type"] = "log", ["domain"] = new JsonArray(lo / 1.25, hi * 1.25), ["nice"] = false },
            ["axis"] = new JsonObject { ["values"] = new JsonArray([.. epochs.Select(e => (JsonNode?)JsonValue.Create(e))]), ["format"] = "d", ["grid"] = true },
        };
    }

    /// <summary>A chart title with its subtitle's parts (" · ") packed into lines of at most <paramref name="line"/>
    /// characters (<see cref="Vl.SubtitleLine"/> for a grid cell, twice that for a wide chart).</summary>
    public static JsonObject Title(string title, string? subtitle, int line = Vl.SubtitleLine)
    {
        var t = new JsonObject { ["text"] = title };
        if (string.IsNullOrEmpty(subtitle)) return t;
        var lines = new List<string>();
        foreach (string part in subtitle.Split(" · "))
        {
            if (lines.Count > 0 && lines[^1].Length + 3 + part.Length <= line) lines[^1] += " · " + part;
            else lines.Add(part);
        }
        t["subtitle"] = Vl.Array(lines);
        return t;
    }

    /// <summary>A top-level spec of small multiples: <paramref name="panels"/> in rows of <paramref name="columns"/>,
    /// with page selectors <paramref name="parameters"/> and extra datasets.</summary>
    public static JsonObject Concat(string title, string? subtitle, int columns, IEnumerable<JsonObject> panels, IEnumerable<JsonObject> parameters, JsonObject datasets)
    {
        var config = Vl.Config();
        config["concat"] = new JsonObject { ["spacing"] = 18 };
        var spec = new JsonObject
        {
            ["title"] = Title(title, subtitle, 2 * Vl.SubtitleLine - 20),
            ["config"] = config,
            ["columns"] = columns,
            ["concat"] = new JsonArray([.. panels]),
            ["datasets"] = datasets,
        };
        var p = new JsonArray([.. parameters]);
        if (p.Count > 0) spec["params"] = p;
        return spec;
    }

    /// <summary>A layered top-level chart filling its container's width (<paramref name="wide"/>: the page's width, so
    /// its subtitle lines may be longer).</summary>
    public static JsonObject Layered(string title, string? subtitle, int height, bool wide, params JsonNode[] layers)
    {
        var spec = Vl.Layered(title, null, height, layers);
        // a grid cell's plot starts after its y axis: its lines are shorter than the training charts'
        spec["title"] = Title(title, subtitle, wide ? 2 * Vl.SubtitleLine - 20 : Vl.SubtitleLine - 16);
        return spec;
    }

    /// <summary>The hover layer of an epoch chart: an invisible rule per epoch the pointer selects (nearest), grey when
    /// selected, with a tooltip of <paramref name="tooltip"/>.</summary>
    public static JsonObject EpochHover(string param, IReadOnlyList<long> epochs, params JsonObject[] tooltip) => new()
    {
        ["mark"] = new JsonObject { ["type"] = "rule", ["color"] = "#5b6570", ["strokeWidth"] = 1 },
        ["params"] = new JsonArray(new JsonObject
        {
            ["name"] = param,
            ["select"] = new JsonObject { ["type"] = "point", ["fields"] = new JsonArray("epoch"), ["nearest"] = true, ["on"] = "pointerover", ["clear"] = "pointerout" },
        }),
        ["encoding"] = new JsonObject
        {
            ["x"] = EpochX(epochs),
            ["opacity"] = new JsonObject
            {
                ["condition"] = new JsonObject { ["param"] = param, ["empty"] = false, ["value"] = 0.6 },
                ["value"] = 0,
            },
            ["tooltip"] = new JsonArray([.. tooltip]),
        },
    };

    /// <summary>The mean in order, as the analyses take it (NaN when empty or when a value is NaN).</summary>
    public static double Mean(IEnumerable<double> values)
    {
        double sum = 0;
        int n = 0;
        foreach (double v in values)
        {
            sum += v;
            n++;
        }
        return n == 0 ? double.NaN : sum / n;
    }
}
