using System.Globalization;
using Stepwise.Engine.Kernels;

namespace Stepwise.Training.Setup;

/// <summary>The engine thread count of a run: <c>--threads</c>, else the config's <c>threads</c>, else the processor
/// count (at most <see cref="Max"/>). Results do not depend on it (docs/engine.md); it is recorded in checkpoints.</summary>
public static class ThreadCount
{
    /// <summary>The most threads the engine runs (the same bound for <c>--threads</c> and <c>threads:</c>).</summary>
    public const int Max = EngineThreads.MaxCount;

    /// <summary>"allowed 1..256".</summary>
    public static string Allowed => string.Create(CultureInfo.InvariantCulture, $"allowed 1..{Max}");

    /// <summary>The one-line message for <paramref name="key"/> = <paramref name="value"/> outside 1..<see cref="Max"/>, or null.</summary>
    public static string? Check(string key, long value) =>
        value is < 1 or > Max ? string.Create(CultureInfo.InvariantCulture, $"{key} = {value}: {Allowed}") : null;

    /// <summary>The thread count to use: <paramref name="option"/>, else <paramref name="config"/>, else the processor
    /// count capped at <see cref="Max"/>; throws <see cref="RunInputException"/> when a given value is out of range.</summary>
    public static int Resolve(int? option, int? config)
    {
        if (option is { } o && Check("--threads", o) is { } e1) throw new RunInputException(e1);
        if (config is { } c && Check("threads", c) is { } e2) throw new RunInputException(e2);
        return option ?? config ?? Math.Clamp(Environment.ProcessorCount, 1, Max);
    }
}
