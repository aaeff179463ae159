using System.ComponentModel;
using System.Diagnostics;

namespace Stepwise.Training.Cluster;

/// <summary>Submits a script with <c>sbatch --parsable</c> and returns the job id it prints.</summary>
public static class Sbatch
{
    /// <summary>The job id (<c>123</c>; an array's id), or a one-line message: sbatch missing, or its refusal.</summary>
    /// <param name="scriptPath">The script.</param>
    /// <param name="command">The sbatch executable (default: <c>sbatch</c> on PATH).</param>
    /// <param name="timeout">How long to wait for sbatch (default 60 s).</param>
    public static ParseResult<string> Submit(string scriptPath, string command = "sbatch", TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(scriptPath);
        var psi = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("--parsable");
        psi.ArgumentList.Add(scriptPath);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new Win32Exception("no process");
        }
        catch (Win32Exception e)
        {
            return ParseResult<string>.Fail($"cannot run {command}: {e.Message} (is this a Slurm login node? without --submit the script is only written)");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
            {
                try { process.Kill(); } catch (InvalidOperationException) { }
                return ParseResult<string>.Fail($"{command} did not answer within {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds:0} s");
            }
            string err = stderr.Result.Trim().ReplaceLineEndings(" ");
            if (process.ExitCode != 0) return ParseResult<string>.Fail($"{command} refused the job (exit {process.ExitCode}): {(err.Length > 0 ? err : "no message")}");
            string id = stdout.Result.Trim().Split(';', 2)[0];
            if (id.Length == 0 || !id.All(char.IsAsciiDigit)) return ParseResult<string>.Fail($"{command} printed no job id: '{stdout.Result.Trim()}' {err}");
            return ParseResult<string>.Ok(id);
        }
    }
}
