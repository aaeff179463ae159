using System.Globalization;
using System.Text;

namespace Stepwise.Training.Cluster;

/// <summary>
/// Writes a <see cref="SlurmJob"/> as an sbatch script (docs/slurm.md): the <c>#SBATCH</c> header (<c>--signal=B:USR1@grace</c>,
/// <c>--requeue</c>, <c>--open-mode=append</c>, <c>--output</c> in the run folder, <c>--array</c> for a sweep), a comment with
/// the grace period's figures, and a bash body that runs stepwise in the background and waits for it, passing SIGUSR1
/// and SIGTERM on, then acts on its exit code: 0 ends the job; 3 requeues it (<c>scontrol requeue</c>, for an array task
/// its own <c>ARRAYJOB_TASK</c> id) unless SIGTERM stopped it or two allocations in a row made no progress; 2, 4 and
/// anything else fail the job without requeueing. The text depends only on the job (golden-tested).
/// </summary>
public static class SlurmScript
{
    /// <summary>The script's text (LF line ends).</summary>
    public static string Render(SlurmJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var inv = CultureInfo.InvariantCulture;
        var sweep = job.Sweep;
        var o = new StringBuilder();
        void L(string line = "") => o.Append(line).Append('\n');
        string Q(string s) => ShellQuote.Bash(s);
        string S(string s, string what) => ShellQuote.Sbatch(s, what).Value;
        string verb = SlurmOptionParser.Word(job.Verb);
        int n = sweep.Tasks.Count;
        string script = job.ScriptPath ?? "this script";
        string firstRun = job.RunDirectory(sweep.Tasks[0]);

        L("#!/bin/bash");
        L(string.Create(inv, $"# {sweep.Name}: {(sweep.IsArray ? $"a job array of {n} run{(n == 1 ? "" : "s")}" : "one run")} of {job.ConfigPath} (stepwise {verb}), written by `stepwise slurm`."));
        L(job.ScriptPath is null ? "# Submit: save it, then sbatch FILE." : $"# Submit: sbatch {Q(script)}");
        L($"# Watch: squeue -u \"$USER\"; tail -f {Q(Path.Combine(firstRun, SlurmLog.FileName))}; stepwise runs {Q(job.OutDirectory)}");
        L("# The run folders must exist before the job starts (Slurm opens --output first); `stepwise slurm --out DIR` makes them.");
        L($"#SBATCH --job-name={S(sweep.Name, "name")}");
        if (job.TimeSeconds is { } t) L($"#SBATCH --time={WallClock.FormatSlurm(t)}");
        if (job.Partition is { } p) L($"#SBATCH --partition={p}");
        if (job.Account is { } a) L($"#SBATCH --account={a}");
        if (job.Cpus is { } c) L(string.Create(inv, $"#SBATCH --cpus-per-task={c}"));
        if (job.Memory is { } m) L($"#SBATCH --mem={m}");
        if (sweep.IsArray) L(string.Create(inv, $"#SBATCH --array=0-{n - 1}{(job.MaxConcurrent is { } k ? $"%{k}" : "")}"));
        L(string.Create(inv, $"#SBATCH --signal=B:USR1@{job.Grace.Seconds}"));
        L("#SBATCH --requeue");
        L("#SBATCH --open-mode=append");
        L($"#SBATCH --output={S(job.OutputPattern, "--out")}");
        L("#");
        L($"# Grace period: {job.Grace.Explain()}.");
        if (job.Grace.Figures is { } f)
        {
            L($"#   update: {f.Step.Text} ({f.Step.Source})");
            L($"#   evaluation: {f.Evaluation.Text} ({f.Evaluation.Source})");
            L($"#   save: {f.Save.Text} ({f.Save.Source})");
        }
        if (job.TimeSeconds is null) L("# No --time: the partition's default time limit applies.");
        L(string.Create(inv, $"# Slurm sends SIGUSR1 to this script {job.Grace.Seconds} s before the time limit (up to a minute earlier: it checks its"));
        L("# timers about every 30 s); the script passes it on to stepwise, which finishes the update under way, writes a");
        L("# checkpoint and exits 3. SLURM_JOB_END_TIME (set by Slurm 23.02 and later, else taken from squeue here) lets");
        L("# stepwise plan its own stop from the same clock.");
        L("#");
        L($"# Exit codes of stepwise {verb} (docs/cli.md): 0 the run is complete: the job ends. 3 stopped at a checkpoint:");
        L("# the job requeues itself and the next allocation resumes from it (not after SIGTERM, e.g. scancel, and not after");
        L("# two allocations in a row without progress). 2 bad input, 4 a write or checkpoint fault, anything else: the job");
        L("# fails and is not requeued.");
        L();
        L("set -u");
        L($"STEPWISE=({string.Join(' ', job.Stepwise.Select(Q))})");
        L($"CONFIG={Q(job.ConfigPath)}");
        L(string.Create(inv, $"GRACE={job.Grace.Seconds}"));
        L($"SCRIPT={Q(script)}");
        L($"SHARED=({string.Join(' ', job.Sets.Select(s => "--set " + Q(s)))})");
        L($"MORE=({string.Join(' ', Threads(job).Concat(job.Extra.Select(Q)))})");
        if (sweep.IsArray)
        {
            L("case \"${SLURM_ARRAY_TASK_ID:-}\" in");
            foreach (var task in sweep.Tasks)
            {
                string sets = string.Join(' ', task.Sets.Select(s => "--set " + Q(s)));
                L(string.Create(inv, $"  {task.Index}) RUN={Q(job.RunDirectory(task))}; SETS=({sets}) ;;"));
            }
            L(string.Create(inv, $"  *) echo \"{SlurmLog.Prefix}task '${{SLURM_ARRAY_TASK_ID:-}}' is not one of this array's 0..{n - 1}\" >&2; exit 2 ;;"));
            L("esac");
            L("JOB=\"${SLURM_ARRAY_JOB_ID:-}_${SLURM_ARRAY_TASK_ID}\"; [ -n \"${SLURM_ARRAY_JOB_ID:-}\" ] || JOB=\"\"");
        }
        else
        {
            L($"RUN={Q(firstRun)}; SETS=()");
            L("JOB=\"${SLURM_JOB_ID:-}\"");
        }
        L();
        L("run_step() { sed -n 's/^[[:space:]]*\"step\":[[:space:]]*\\([0-9][0-9]*\\).*/\\1/p' \"$RUN/run.json\" 2>/dev/null | head -n 1; }");
        L("before=$(run_step); before=${before:-0}");
        L($"echo \"{SlurmLog.AllocationPrefix}$(( ${{SLURM_RESTART_COUNT:-0}} + 1 )) of job ${{JOB:-(not under Slurm)}} on $(hostname) at $(date -u +%Y-%m-%dT%H:%M:%SZ): $RUN at step $before\"");
        L("if [ -z \"${SLURM_JOB_END_TIME:-}\" ] && [ -n \"${SLURM_JOB_ID:-}\" ]; then");
        L("  end=$(squeue -h -j \"$SLURM_JOB_ID\" -o %e 2>/dev/null | head -n 1)");
        L("  case \"$end\" in [0-9][0-9][0-9][0-9]-*) end=$(date -d \"$end\" +%s 2>/dev/null) && export SLURM_JOB_END_TIME=\"$end\" ;; esac");
        L("fi");
        L();
        L(string.Create(inv, $"\"${{STEPWISE[@]}}\" {verb} \"$CONFIG\" --out \"$RUN\" --resume auto --wait-lock {job.WaitLockSeconds}s ${{SHARED[@]+\"${{SHARED[@]}}\"}} ${{SETS[@]+\"${{SETS[@]}}\"}} ${{MORE[@]+\"${{MORE[@]}}\"}} &"));
        L("child=$!");
        L("terminated=0");
        L($"trap 'echo \"{SlurmLog.Prefix}SIGUSR1: the time limit is $GRACE s away; stepwise checkpoints and stops\"; kill -USR1 \"$child\" 2>/dev/null' USR1");
        L("trap 'terminated=1; kill -TERM \"$child\" 2>/dev/null' TERM INT");
        L("wait \"$child\"");
        L("while kill -0 \"$child\" 2>/dev/null; do wait \"$child\"; done  # a trapped signal ends wait early");
        L("wait \"$child\"; code=$?");
        L("trap - USR1 TERM INT");
        L("after=$(run_step); after=${after:-0}");
        L();
        L("case \"$code\" in");
        L($"  0) echo \"{SlurmLog.Prefix}stepwise exited 0: $RUN is complete at step $after\"; exit 0 ;;");
        L("  3)");
        L("    if [ \"$terminated\" = 1 ]; then");
        L($"      echo \"{SlurmLog.Prefix}stopped by SIGTERM at step $after (scancel, or the time limit before the grace signal); not requeued: resubmit to continue: sbatch $SCRIPT\" >&2");
        L("      exit 3");
        L("    fi");
        L("    if [ \"$after\" -le \"$before\" ]; then");
        L($"      if [ -e \"$RUN/{SlurmLog.NoProgressMarker}\" ]; then");
        L($"        rm -f \"$RUN/{SlurmLog.NoProgressMarker}\"");
        L($"        echo \"{SlurmLog.Prefix}no progress in two allocations in a row (step $after); not requeued: the time limit leaves no time to train after start-up and the $GRACE s grace; raise --time or lower --grace\" >&2");
        L("        exit 3");
        L("      fi");
        L($"      : >\"$RUN/{SlurmLog.NoProgressMarker}\"");
        L("    else");
        L($"      rm -f \"$RUN/{SlurmLog.NoProgressMarker}\"");
        L("    fi");
        L("    if [ -z \"$JOB\" ]; then");
        L($"      echo \"{SlurmLog.Prefix}stopped at step $after; not under Slurm: run this script again to continue\"");
        L("      exit 3");
        L("    fi");
        L($"    echo \"{SlurmLog.Prefix}stopped at step $after: requeueing $JOB, which resumes from that checkpoint\"");
        L($"    scontrol requeue \"$JOB\" || echo \"{SlurmLog.Prefix}scontrol requeue $JOB failed; resubmit to continue: sbatch $SCRIPT\" >&2");
        L("    exit 3 ;;");
        L($"  2) echo \"{SlurmLog.Prefix}stepwise exited 2 (bad input, see above); not requeued\" >&2; exit 2 ;;");
        L($"  4) echo \"{SlurmLog.Prefix}stepwise exited 4 (a write or checkpoint fault, see above; earlier checkpoints are intact); not requeued: fix it, then resubmit: sbatch $SCRIPT\" >&2; exit 4 ;;");
        L($"  *) echo \"{SlurmLog.Prefix}stepwise exited $code; not requeued\" >&2; exit \"$code\" ;;");
        L("esac");
        return o.ToString();
    }

    private static IEnumerable<string> Threads(SlurmJob job) =>
        job.Cpus is { } c && !job.Extra.Any(a => a == "--threads" || a.StartsWith("--threads=", StringComparison.Ordinal))
            ? ["--threads", c.ToString(CultureInfo.InvariantCulture)] : [];
}
