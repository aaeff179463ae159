namespace Stepwise.Training.Tests;

public class AssemblyTests
{
    [Fact]
    public void Format_version_is_positive() => Assert.True(TrainingAssembly.FormatVersion >= 1);
}
