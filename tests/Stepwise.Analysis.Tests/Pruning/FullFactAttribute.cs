namespace Stepwise.Analysis.Tests.Pruning;

/// <summary>A fact of the heavier suite: runs with <c>STEPWISE_FULL=1</c>, otherwise skipped with the reason printed.</summary>
public sealed class FullFactAttribute : FactAttribute
{
    public FullFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("STEPWISE_FULL") == "1") return;
        Skip = "heavier variant: runs with STEPWISE_FULL=1";
    }
}
