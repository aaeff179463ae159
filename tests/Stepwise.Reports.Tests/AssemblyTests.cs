using Stepwise.Reports;

namespace Stepwise.Reports.Tests;

public class AssemblyTests
{
    [Fact]
    public void Layout_version_is_positive() => Assert.True(ReportsAssembly.LayoutVersion >= 1);
}
