using System.Runtime.InteropServices;
using Stepwise.Training.Loop;

namespace Stepwise.Cli;

/// <summary>SIGTERM, SIGINT (Ctrl-C) and SIGUSR1 request a clean stop of <c>stepwise train</c> after the current update
/// (checkpoint, exit 3) instead of ending the process. Disposing restores the default behaviour.</summary>
public sealed class SignalHandlers : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];

    private SignalHandlers() { }

    /// <summary>Installs the handlers; each signal requests a stop on <paramref name="stop"/> with its name as the reason.</summary>
    public static SignalHandlers Install(StopSignal stop)
    {
        ArgumentNullException.ThrowIfNull(stop);
        var h = new SignalHandlers();
        void Add(PosixSignal signal, string name)
        {
            try
            {
                h._registrations.Add(PosixSignalRegistration.Create(signal, c => { c.Cancel = true; stop.Request(name); }));
            }
            catch (PlatformNotSupportedException) { }
        }
        Add(PosixSignal.SIGTERM, "SIGTERM");
        Add(PosixSignal.SIGINT, "SIGINT");
        if (OperatingSystem.IsLinux()) Add((PosixSignal)10, "SIGUSR1");
        return h;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
    }
}
