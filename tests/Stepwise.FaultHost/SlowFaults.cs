using System.Globalization;
using Stepwise.Training.Checkpoints;

namespace Stepwise.FaultHost;

/// <summary>Sleeps before each checkpoint file (the marker included) and before the rename, so that a fault suite can
/// kill the process inside a checkpoint write.</summary>
public sealed class SlowFaults(int milliseconds) : ICheckpointFaults
{
    /// <summary>The variable this host reads: milliseconds per pause (unset or empty: no faults).</summary>
    public const string Variable = "STEPWISE_FAULTHOST_SLOW_MS";

    /// <summary>The pause.</summary>
    public int Milliseconds { get; } = milliseconds;

    /// <summary>The faults <paramref name="value"/> asks for: null when unset or empty; throws for anything but a
    /// non-negative integer.</summary>
    public static SlowFaults? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int ms)) return new SlowFaults(ms);
        throw new InvalidOperationException($"{Variable}='{value}' is not a non-negative integer (milliseconds)");
    }

    /// <inheritdoc/>
    public void BeforeFile(string tempDir, string fileName) => Thread.Sleep(Milliseconds);

    /// <inheritdoc/>
    public void BeforeRename(string tempDir, string target) => Thread.Sleep(Milliseconds);
}
