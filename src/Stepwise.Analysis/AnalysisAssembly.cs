namespace Stepwise.Analysis;

/// <summary>Facts about the analysis outputs this assembly writes.</summary>
public static class AnalysisAssembly
{
    /// <summary>The schema version of the analysis result files (influence, pruning, dynamics) written by this build.</summary>
    public const int SchemaVersion = 1;
}
