using Stepwise.Analysis;

namespace Stepwise.Analysis.Tests;

public class AssemblyTests
{
    [Fact]
    public void Schema_version_is_positive() => Assert.True(AnalysisAssembly.SchemaVersion >= 1);
}
