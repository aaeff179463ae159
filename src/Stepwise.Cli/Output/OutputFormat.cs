namespace Stepwise.Cli.Output;

/// <summary>Result formats of the planning commands.</summary>
public enum OutputFormat
{
    /// <summary>Human-readable text (tables).</summary>
    Text,
    /// <summary>The JSON contract of docs/cli.md.</summary>
    Json,
    /// <summary>One row per event: kind,stage,start,end,epoch.</summary>
    Csv,
    /// <summary>One self-contained HTML page (<c>stepwise plan --format html</c> only; docs/reports.md).</summary>
    Html,
}
