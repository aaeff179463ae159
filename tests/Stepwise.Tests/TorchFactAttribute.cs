namespace Stepwise.Tests;

/// <summary>
/// A fact that needs real PyTorch under Debian's /usr/bin/python3: where torch cannot be imported, the test is
/// reported as skipped, with the reason (e.g. "/usr/bin/python3 not found"), instead of silently passing.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class TorchFactAttribute : FactAttribute
{
    private static int _printed;

    /// <summary>Probes torch (once per run) and sets <see cref="FactAttribute.Skip"/> to the reason when it is missing.</summary>
    public TorchFactAttribute()
    {
        if (EpochGeometryTorchCrossCheckTests.TorchUnavailable() is not { } reason) return;
        Skip = $"PyTorch cross-check skipped: {reason}";
        if (Interlocked.Exchange(ref _printed, 1) == 0) Console.Error.WriteLine(Skip); // visible at any logger verbosity
    }
}
