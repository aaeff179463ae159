using System.Globalization;
using System.Text.RegularExpressions;
using Stepwise.Training.Checkpoints;
using Xunit.Abstractions;

namespace Stepwise.Fault.Tests;

/// <summary>SIGTERM, SIGUSR1 and SIGINT at random moments: a valid checkpoint and exit 3 within one update plus one save.</summary>
public partial class SignalTests(ITestOutputHelper output)
{
    private const int SlowMs = 25;

    [Fact]
    public void Signals_at_random_moments_stop_with_exit_3_and_a_checkpoint_that_resumes_identically()
    {
        var reference = ReferenceRun.Get();
        var rng = new Random(KillTrials.Mix(FaultConfig.Seed, 2));
        (int Signal, string Name)[] signals = [(StepwiseProcess.SigTerm, "SIGTERM"), (StepwiseProcess.SigUsr1, "SIGUSR1"), (StepwiseProcess.SigInt, "SIGINT")];
        int repeats = FaultConfig.Full ? 6 : 2;
        var failures = new List<string>();
        int sent = 0, stopped = 0, identical = 0, completedFirst = 0;
        double maxLatency = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int r = 0; r < repeats; r++)
        {
            foreach (var (signal, name) in signals)
            {
                bool slow = r % 2 == 1; // slowed saves: more signals land inside a checkpoint write
                string run = reference.NewFolder("signal");
                var env = new Dictionary<string, string>();
                if (slow) env[FaultHost.SlowFaults.Variable] = SlowMs.ToString(CultureInfo.InvariantCulture);
                string tag = $"{name}{(slow ? " (slow writes)" : "")}";
                using var p = StepwiseProcess.Start(["train", reference.ConfigPath, "--out", run, "--threads", "1"], env);
                if (!p.WaitForLine("stepwise: training ", TimeSpan.FromSeconds(120))) { failures.Add($"{tag}: no 'training' line: {p.Stderr}"); continue; }
                double train = reference.TrainWall.TotalSeconds + (slow ? reference.Checkpoints.Count * FaultConfig.PausesPerSave * SlowMs / 1000.0 : 0);
                Thread.Sleep(TimeSpan.FromSeconds(rng.NextDouble() * 0.8 * train));
                var at = p.Elapsed;
                if (!p.Signal(signal)) { completedFirst++; continue; }
                sent++;
                if (!p.WaitForExit(TimeSpan.FromSeconds(60))) { failures.Add($"{tag}: did not exit within 60 s"); continue; }
                double latency = (p.Elapsed - at).TotalSeconds;
                if (p.ExitCode == 0) { completedFirst++; continue; } // the last update was already running
                var m = StoppedLine().Match(p.Stderr);
                if (p.ExitCode != 3 || !m.Success || m.Groups[2].Value != name)
                {
                    failures.Add($"{tag}: expected exit 3 and 'stopped at step N ({name})', got {p.ExitCode}: {p.Stderr.Trim()}");
                    continue;
                }
                long step = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                maxLatency = Math.Max(maxLatency, latency);
                var store = new CheckpointStore(run);
                var newest = store.FindNewestValid(w => failures.Add($"{tag}: {w}"));
                if (step > 0 && newest?.Step != step) { failures.Add($"{tag}: stopped at step {step}, the newest valid checkpoint is {newest?.Step}"); continue; }
                if (!File.ReadAllText(Path.Combine(run, "run.json")).Contains("\"status\": \"stopped\"", StringComparison.Ordinal)) failures.Add($"{tag}: run.json does not say stopped");
                if (!p.Stdout.StartsWith($"stopped {step}/{FaultConfig.TotalSteps} ", StringComparison.Ordinal)) failures.Add($"{tag}: stdout: {p.Stdout.Trim()}");
                // "within one update plus one save": generous on a loaded machine, the figure is reported
                if (latency > 10) failures.Add($"{tag}: took {latency:F2} s from the signal to the exit");
                stopped++;
                output.WriteLine($"{tag}: stopped at step {step}, {latency * 1000:F0} ms after the signal");

                var (code, _, err) = InProcess.Run("train", reference.ConfigPath, "--out", run, "--resume", "auto", "--threads", "1", "--quiet");
                var problems = reference.CompareCheckpoints(run, weightsOnly: false).Problems.Where(x => !x.Contains("the reference has no checkpoint", StringComparison.Ordinal)).ToList();
                if (code != 0) problems.Add($"resume exited {code}: {err.Trim()}");
                else if (!err.Contains(step == 0 ? "" : $"resuming from {CheckpointStore.FolderName(step)} ", StringComparison.Ordinal)) problems.Add($"did not resume from step {step}: {err.Trim()}");
                if (!File.ReadAllBytes(Path.Combine(run, "metrics.jsonl")).AsSpan().SequenceEqual(reference.Metrics)) problems.Add("metrics.jsonl differs");
                if (problems.Count > 0) failures.Add($"{tag}: {string.Join("; ", problems)}");
                else identical++;
                ReferenceRun.TryDelete(run);
            }
        }
        Figures.Write(output, "signals",
        [
            $"signals: {sent} sent (SIGTERM, SIGUSR1, SIGINT × {repeats}), {completedFirst} runs completed first",
            $"  exit 3 with a valid checkpoint at the stop step: {stopped}; resumed runs identical to the reference: {identical}",
            $"  slowest stop (signal → exit): {maxLatency * 1000:F0} ms (reference: longest save {reference.MaxSaveMs} ms)",
            $"  failures: {failures.Count}",
            $"  wall time: {clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s",
            .. failures.Select(f => "  FAIL " + f),
        ]);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(stopped >= 1, "no signal stopped a run");
    }

    [GeneratedRegex(@"stepwise: stopped at step (\d+) of \d+ \((SIG[A-Z0-9]+)\)")]
    private static partial Regex StoppedLine();
}
