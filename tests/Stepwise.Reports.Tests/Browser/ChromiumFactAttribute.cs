namespace Stepwise.Reports.Tests.Browser;

/// <summary>A fact that needs Debian's Chromium (<c>/usr/bin/chromium</c>); skipped with a printed reason where it is
/// absent (<c>apt-get install -y chromium</c> installs it; .ci/run does).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>The browser the tests drive.</summary>
    public const string Executable = "/usr/bin/chromium";

    private static int _printed;

    public ChromiumFactAttribute()
    {
        if (File.Exists(Executable)) return;
        Skip = $"browser test skipped: {Executable} is missing (apt-get install -y chromium)";
        if (Interlocked.Exchange(ref _printed, 1) == 0) Console.Error.WriteLine(Skip);
    }
}
