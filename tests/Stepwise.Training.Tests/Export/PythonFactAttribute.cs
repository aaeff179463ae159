using System.Collections.Concurrent;
using System.Diagnostics;

namespace Stepwise.Training.Tests.Export;

/// <summary>
/// A fact that needs Debian's /usr/bin/python3 with some modules (e.g. <c>"numpy", "torch"</c> or
/// <c>"google.protobuf"</c>): where they cannot be imported the test is reported as skipped with the reason (also
/// printed on stderr, once per module set) instead of silently passing.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PythonFactAttribute : FactAttribute
{
    private static readonly ConcurrentDictionary<string, string?> Probed = new(StringComparer.Ordinal);

    /// <summary>Probes the modules (once per set and test run) and sets <see cref="FactAttribute.Skip"/> when missing.</summary>
    public PythonFactAttribute(params string[] modules)
    {
        string key = string.Join(", ", modules);
        bool first = false;
        string? reason = Probed.GetOrAdd(key, _ =>
        {
            first = true;
            return PythonScript.Unavailable(modules);
        });
        if (reason is null) return;
        Skip = $"needs {PythonScript.Python} with {key}: {reason}";
        if (first) Console.Error.WriteLine("skipped: " + Skip);
    }
}

/// <summary>Runs Debian's python3 on a script file.</summary>
internal static class PythonScript
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Why the modules cannot be imported, or null when they can.</summary>
    public static string? Unavailable(IReadOnlyList<string> modules)
    {
        if (!File.Exists(Python)) return $"{Python} not found";
        try
        {
            var (code, _, err) = Run(["-c", "import " + string.Join(", ", modules)]);
            return code == 0 ? null : $"'import {string.Join(", ", modules)}' fails: {err.Trim().Split('\n')[^1]}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
        {
            return $"cannot run {Python}: {e.Message}";
        }
    }

    /// <summary>Runs python3 with <paramref name="args"/>; throws <see cref="TimeoutException"/> after 120 s.</summary>
    public static (int Code, string Stdout, string Stderr) Run(IReadOnlyList<string> args)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.Environment["OMP_NUM_THREADS"] = "1";
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Python} {string.Join(' ', args)} ran over 120 s");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a script with arguments and returns its stdout; fails the test on a non-zero exit.</summary>
    public static string RunScript(string script, params string[] args)
    {
        var (code, stdout, stderr) = Run([script, .. args]);
        Assert.True(code == 0, $"{Path.GetFileName(script)} exited {code}:\n{stderr}");
        return stdout;
    }

    /// <summary>The repository root (the folder holding Stepwise.slnx), found upward from the test assembly.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Stepwise.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("Stepwise.slnx not found above " + AppContext.BaseDirectory);
    }
}
