namespace Stepwise.Training.Loop;

/// <summary>A request to stop after the current update (a signal or a time limit), set from any thread.</summary>
public sealed class StopSignal
{
    private volatile string? _reason;

    /// <summary>Whether a stop was requested.</summary>
    public bool IsRequested => _reason is not null;

    /// <summary>Why (e.g. "SIGTERM", "time limit 2h"), or null.</summary>
    public string? Reason => _reason;

    /// <summary>Requests a stop; the first reason wins.</summary>
    public void Request(string reason) => Interlocked.CompareExchange(ref _reason, reason, null);
}
