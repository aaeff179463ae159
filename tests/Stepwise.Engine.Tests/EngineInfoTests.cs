namespace Stepwise.Engine.Tests;

public class EngineInfoTests
{
    [Fact]
    public void FormatVersion_IsPositive() => Assert.True(EngineInfo.FormatVersion > 0);
}
