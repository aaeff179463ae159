using System.Globalization;
using System.Text;
using System.Text.Json;
using Stepwise.Analysis;
using Stepwise.Analysis.Influence;
using Stepwise.Training;

namespace Stepwise.Cli.Output;

/// <summary>The CSV and JSON forms of <c>stepwise influence</c> (docs/influence.md, the public contract). CSV: one row
/// per (window, sample), <c>window_start,window_end,sample,source_row,label,influence,rank,in_window,noisy</c>. JSON: the
/// same per window with its summary and leave-one-out check. Numbers in shortest round-trip form.</summary>
public static class InfluenceTables
{
    /// <summary>The CSV header.</summary>
    public const string CsvHeader = InfluenceCsv.Header;

    /// <summary>Writes the CSV (<see cref="InfluenceCsv"/>).</summary>
    public static void WriteCsv(TextWriter o, InfluenceReport report)
    {
        o.WriteLine(CsvHeader);
        for (int k = 0; k < report.Results.Count; k++) InfluenceCsv.WriteRows(o, report.Results[k], report.Summaries[k], report.Samples);
    }

    /// <summary>Writes the JSON object.</summary>
    public static void WriteJson(TextWriter o, InfluenceReport report)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            var opt = report.Options;
            w.WriteStartObject();
            w.WriteNumber("schema_version", AnalysisAssembly.SchemaVersion);
            w.WriteString("sign", InfluenceReport.SignRule);
            w.WriteString("query", opt.Query);
            w.WriteString("measure_at", opt.MeasureAt == MeasureAt.End ? "end" : "window-end");
            w.WriteString("precision", opt.Precision.ToString().ToLowerInvariant());
            w.WriteNumber("total_steps", report.Plan.TotalSteps.Value);
            w.WriteNumber("steps_per_epoch", report.Plan.StepsPerEpoch);
            if (report.Stages is { } k) w.WriteNumber("stages", k);
            w.WriteNumber("segment", report.Segment);
            w.WriteNumber("train_samples", report.Samples.Count);
            w.WriteBoolean("label_noise", report.Samples.HasNoise);
            w.WriteStartArray("windows");
            for (int i = 0; i < report.Results.Count; i++) Window(w, report, report.Results[i], report.Summaries[i]);
            w.WriteEndArray();
            if (report.Results.Count > 1)
            {
                w.WriteStartArray("spearman_between_windows");
                foreach (var a in report.Results)
                {
                    w.WriteStartArray();
                    foreach (var b in report.Results) w.NumberValue(WindowSummary.Spearman(a, b));
                    w.WriteEndArray();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        o.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void Window(Utf8JsonWriter w, InfluenceReport report, WindowInfluence r, WindowSummary s)
    {
        w.WriteStartObject();
        w.WriteNumber("start", r.Window.Start);
        w.WriteNumber("end", r.Window.End);
        w.WriteNumber("measured_at", r.MeasuredAt.Value);
        w.WriteNumber("query_loss", r.QueryLoss);
        w.WriteNumber("samples_read", s.Samples);
        w.WriteStartArray("most_helpful");
        foreach (long j in s.Helpful) w.WriteNumberValue(j);
        w.WriteEndArray();
        w.WriteStartArray("most_harmful");
        foreach (long j in s.Harmful) w.WriteNumberValue(j);
        w.WriteEndArray();
        if (s.NoiseShare is { } share)
        {
            w.WriteNumber("noise_share", share);
            w.WriteNumber("noisy_among_lowest_10", s.NoisyAmongLowest10!.Value);
            w.WriteNumber("noisy_among_lowest_30", s.NoisyAmongLowest30!.Value);
        }
        if (r.Verification is { } v)
        {
            w.WriteStartObject("verification");
            w.WriteNumber("samples", v.Samples.Count);
            w.WriteNumber("base_loss", v.BaseLoss);
            w.Number("pearson", v.Pearson);
            w.Number("spearman", v.Spearman);
            w.Number("kendall_tau", v.Kendall);
            w.Number("sign_agreement", v.SignAgreement);
            w.Number("top10_jaccard", v.TopJaccard);
            w.WriteStartArray("checked");
            for (int i = 0; i < v.Samples.Count; i++)
            {
                w.WriteStartObject();
                w.WriteNumber("sample", v.Samples[i]);
                w.WriteNumber("estimated", v.Estimated[i]);
                w.WriteNumber("actual", v.Actual[i]);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteStartArray("samples");
        for (long j = 0; j < r.Scores.Count; j++)
        {
            w.WriteStartObject();
            w.WriteNumber("sample", j);
            w.WriteNumber("source_row", report.Samples.SourceRow(j));
            if (report.Samples.Label(j) is { } label) w.WriteNumber("label", label);
            w.WriteNumber("influence", r.Scores[(int)j]);
            if (s.Rank(j) is { } rank) w.WriteNumber("rank", rank);
            else w.WriteNull("rank");
            w.WriteNumber("in_window", r.Occurrences[(int)j]);
            if (report.Samples.Noisy(j) is { } noisy) w.WriteBoolean("noisy", noisy);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
