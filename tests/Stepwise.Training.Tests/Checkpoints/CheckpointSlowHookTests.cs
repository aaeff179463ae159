using System.Diagnostics;
using Stepwise.Training.Checkpoints;

namespace Stepwise.Training.Tests.Checkpoints;

/// <summary>The test-only STEPWISE_TEST_SLOW_CHECKPOINT_MS hook (runs alone: it sets a process-wide variable).</summary>
[Collection(nameof(EnvironmentVariableCollection))]
public class CheckpointSlowHookTests
{
    [Theory]
    [InlineData(null, 0)]
    [InlineData("", 0)]
    [InlineData("0", 0)]
    [InlineData("250", 250)]
    public void SlowMilliseconds_parses_the_variable(string? value, int expected) =>
        Assert.Equal(expected, CheckpointStore.SlowMilliseconds(value));

    [Theory]
    [InlineData("-5")]
    [InlineData("fast")]
    [InlineData("1.5")]
    public void SlowMilliseconds_rejects_garbage_with_the_variable_name(string value) =>
        Assert.Contains(CheckpointStore.SlowEnvironmentVariable, Assert.Throws<InvalidOperationException>(() => CheckpointStore.SlowMilliseconds(value)).Message);

    [Fact]
    public void When_set_Save_sleeps_before_each_file_the_marker_and_the_rename()
    {
        using var dir = new TempDirectory();
        Environment.SetEnvironmentVariable(CheckpointStore.SlowEnvironmentVariable, "100");
        try
        {
            var sw = Stopwatch.StartNew();
            new CheckpointStore(dir.Path).Save(1, [new("a.bin", new byte[] { 1 }), new("b.bin", new byte[] { 2 })]);
            Assert.True(sw.ElapsedMilliseconds >= 390, $"4 pauses of 100 ms took {sw.ElapsedMilliseconds} ms");
        }
        finally
        {
            Environment.SetEnvironmentVariable(CheckpointStore.SlowEnvironmentVariable, null);
        }
    }
}
