using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Stepwise.Fault.Tests;

/// <summary>
/// <c>dotnet stepwise.dll ARGS</c> as a child process. stderr is read line by line as it comes
/// (<see cref="Process.BeginErrorReadLine"/>), so a test waits on what the child says rather than polling files.
/// </summary>
internal sealed partial class StepwiseProcess : IDisposable
{
    public const int SigInt = 2, SigKill = 9, SigUsr1 = 10, SigTerm = 15;

    private readonly Process _process;
    private readonly StringBuilder _err = new();
    private readonly StringBuilder _out = new();
    private readonly List<Func<string, bool>> _waiters = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private StepwiseProcess(IEnumerable<string> args, IReadOnlyDictionary<string, string>? env)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Dll);
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.Environment[FaultHost.SlowFaults.Variable] = "";
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        _process = new Process { StartInfo = psi };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            Func<string, bool>[] waiters;
            lock (_err)
            {
                _err.AppendLine(e.Data);
                waiters = [.. _waiters];
            }
            foreach (var w in waiters) w(e.Data);
        };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_out) _out.AppendLine(e.Data);
        };
        _process.Start();
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    /// <summary>The CLI host in this test project's output folder: the real CLI, plus the checkpoint faults that
    /// <see cref="FaultHost.SlowFaults.Variable"/> asks for (tests/Stepwise.FaultHost).</summary>
    public static string Dll
    {
        get
        {
            string dll = Path.Combine(AppContext.BaseDirectory, "stepwise-faulthost.dll");
            if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} not found (the test project references tests/Stepwise.FaultHost)");
            return dll;
        }
    }

    /// <summary>Starts the child.</summary>
    public static StepwiseProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null) => new(args, env);

    /// <summary>Time since start.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public bool HasExited => _process.HasExited;

    public int Pid => _process.Id;

    public int ExitCode => _process.ExitCode;

    public string Stderr
    {
        get { lock (_err) return _err.ToString(); }
    }

    public string Stdout
    {
        get { lock (_out) return _out.ToString(); }
    }

    /// <summary>Calls <paramref name="onLine"/> for every later stderr line (and the lines so far).</summary>
    public void OnLine(Func<string, bool> onLine)
    {
        string[] sofar;
        lock (_err)
        {
            _waiters.Add(onLine);
            sofar = _err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        foreach (string l in sofar) onLine(l.TrimEnd('\r'));
    }

    /// <summary>Waits for a stderr line that contains <paramref name="fragment"/>; false on timeout or exit.</summary>
    public bool WaitForLine(string fragment, TimeSpan timeout)
    {
        using var seen = new ManualResetEventSlim();
        OnLine(l =>
        {
            if (l.Contains(fragment, StringComparison.Ordinal)) seen.Set();
            return true;
        });
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (seen.Wait(20)) return true;
            if (_process.HasExited)
            {
                _process.WaitForExit(); // drains the output
                return seen.IsSet;
            }
        }
        return false;
    }

    /// <summary>Sends <paramref name="signal"/> unless the child has exited; true when it was sent.</summary>
    public bool Signal(int signal)
    {
        if (_process.HasExited) return false;
        return Kill(_process.Id, signal) == 0;
    }

    /// <summary>Waits for the exit (and the end of its output); false on timeout (the child is then killed).</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            Signal(SigKill);
            _process.WaitForExit();
            return false;
        }
        _process.WaitForExit();
        return true;
    }

    public void Dispose()
    {
        if (!_process.HasExited) Signal(SigKill);
        _process.WaitForExit(10_000);
        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
