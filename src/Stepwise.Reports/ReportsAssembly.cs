namespace Stepwise.Reports;

/// <summary>Facts about the reports this assembly writes.</summary>
public static class ReportsAssembly
{
    /// <summary>The version of the report page's layout.</summary>
    public const int LayoutVersion = 1;
}
