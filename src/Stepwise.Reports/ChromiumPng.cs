using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Stepwise.Reports;

/// <summary>
/// Each chart of a report as a PNG file, drawn by headless Chromium (Debian's <c>chromium</c>): Chromium opens the page
/// with the fragment <c>#stepwise-png</c>, the page's script has vega draw every chart to a PNG (2× pixel ratio) into
/// the DOM, and <c>--dump-dom</c> hands them back. Chromium runs with a throwaway profile and without background
/// networking; the page itself allows no network request.
/// </summary>
public static partial class ChromiumPng
{
    /// <summary>The executables looked for on PATH, in order.</summary>
    public static IReadOnlyList<string> Candidates { get; } = ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"];

    /// <summary>The first Chromium on PATH (or /usr/bin/chromium), or null when none is installed.</summary>
    public static string? Find()
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin");
        foreach (string name in Candidates)
        {
            foreach (string dir in dirs)
            {
                string path = Path.Combine(dir, name);
                if (File.Exists(path)) return path;
            }
        }
        return null;
    }

    /// <summary>The flags every headless Chromium of Stepwise gets: no sandbox (CI runs as root), no GPU, and none of the
    /// background connections a closed network refuses.</summary>
    public static IReadOnlyList<string> Flags { get; } =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
         "--disable-default-apps", "--disable-sync", "--mute-audio", "--hide-scrollbars"];

    /// <summary>Writes <c>&lt;chart id&gt;.png</c> into <paramref name="pngDirectory"/> for every chart of the report at
    /// <paramref name="htmlPath"/>, with <paramref name="chromium"/>; returns the files written. Throws
    /// <see cref="IOException"/> when Chromium fails, times out (<paramref name="timeout"/>) or draws nothing.</summary>
    public static IReadOnlyList<string> Export(string htmlPath, string pngDirectory, string chromium, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(htmlPath);
        ArgumentException.ThrowIfNullOrEmpty(pngDirectory);
        string profile = Path.Combine(Path.GetTempPath(), "stepwise-chromium-" + Guid.NewGuid().ToString("N"));
        try
        {
            var psi = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string f in Flags) psi.ArgumentList.Add(f);
            psi.ArgumentList.Add("--user-data-dir=" + profile);
            psi.ArgumentList.Add("--window-size=1280,2000");
            psi.ArgumentList.Add("--virtual-time-budget=" + ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
            psi.ArgumentList.Add("--dump-dom");
            psi.ArgumentList.Add(new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri + "#stepwise-png");
            using var process = Process.Start(psi) ?? throw new IOException($"{chromium}: cannot start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout + TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                throw new IOException($"{chromium} did not finish within {timeout.TotalSeconds + 30:0} s");
            }
            string dom = stdout.Result;
            var match = PngBlock().Match(dom);
            if (!match.Success || match.Groups[1].Value.Trim().Length == 0)
            {
                string why = stderr.Result.Split('\n').LastOrDefault(l => l.Contains("ERROR", StringComparison.Ordinal) && !l.Contains("dbus", StringComparison.OrdinalIgnoreCase)) ?? $"exit code {process.ExitCode}";
                throw new IOException($"{chromium} drew no chart ({why.Trim()})");
            }
            Directory.CreateDirectory(pngDirectory);
            var files = new List<string>();
            foreach (string line in match.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int space = line.IndexOf(' ', StringComparison.Ordinal);
                const string prefix = "data:image/png;base64,";
                if (space <= 0 || !line.AsSpan(space + 1).StartsWith(prefix, StringComparison.Ordinal)) continue;
                string id = line[..space];
                if (!SafeId().IsMatch(id)) continue;
                string file = Path.Combine(pngDirectory, id + ".png");
                File.WriteAllBytes(file, Convert.FromBase64String(line[(space + 1 + prefix.Length)..]));
                files.Add(file);
            }
            return files;
        }
        finally
        {
            try { if (Directory.Exists(profile)) Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [GeneratedRegex("<pre id=\"stepwise-png\">([^<]*)</pre>")]
    private static partial Regex PngBlock();

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex SafeId();
}
