using System.Globalization;

namespace Stepwise.EngineBench;

/// <summary>Peak and current resident set size of this process from /proc/self/status (VmHWM, VmRSS).</summary>
internal static class Memory
{
    public static long PeakRssBytes() => Read("VmHWM:");

    public static long RssBytes() => Read("VmRSS:");

    private static long Read(string key)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith(key, StringComparison.Ordinal)) continue;
            string[] parts = line[key.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024; // kB
        }
        throw new InvalidOperationException($"{key} not found in /proc/self/status");
    }
}
