using System.CommandLine;
using System.Globalization;
using System.Reflection;
using Stepwise.Configuration;
using Stepwise.Training.Cluster;
using Stepwise.Training.Setup;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise slurm CONFIG [--time 04:00:00] [--partition P] [--account A] [--cpus N] [--mem M] [--grace auto|90s]
/// [--step-time S] [--eval-time S] [--save-time S] [--array seeds=0..9] [--sweep key=v1,v2,...]... [--max-concurrent K]
/// [--set k=v]... [--verb train|prune|dynamics] [--stepwise PATH] [--out DIR] [--submit] [-- ARGS...]</c>: an sbatch
/// script that runs a config (or a job array of a sweep) across as many allocations as it needs, signal → checkpoint →
/// requeue (docs/slurm.md). Without <c>--out</c> or <c>--submit</c> the script is printed for review and nothing is
/// written; <c>--out</c> writes it with the run folders; <c>--submit</c> also submits it and prints the job id.
/// Every decision is Training.Cluster's; this command parses, wires and prints.
/// </summary>
public static class SlurmCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext cx)
    {
        var config = CommonOptions.Config();
        var extra = new Argument<string[]>("ARGS") { Description = "After --: more arguments for the job's stepwise command (e.g. -- --max-steps 5000)", Arity = ArgumentArity.ZeroOrMore };
        var time = new Option<string?>("--time") { Description = "The job's time limit as sbatch reads it: 04:00:00, 1-00:00:00, 90 (minutes), or 4h" };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition" };
        var account = new Option<string?>("--account") { Description = "Slurm account" };
        var cpus = CommonOptions.WholeNumber("--cpus", "CPUs per task (--cpus-per-task; also the engine's --threads)");
        var mem = new Option<string?>("--mem") { Description = "Memory per node as sbatch reads it, e.g. 8G" };
        var grace = new Option<string?>("--grace") { Description = "Signal this long before the limit: auto (default: from the update, evaluation and save times) or e.g. 90s" };
        var stepTime = new Option<string?>("--step-time") { Description = "Seconds per update for the grace period (e.g. from stepwise measure on a compute node)" };
        var evalTime = new Option<string?>("--eval-time") { Description = "Seconds per scheduled evaluation for the grace period" };
        var saveTime = new Option<string?>("--save-time") { Description = "Seconds per checkpoint write for the grace period" };
        var array = new Option<string[]>("--array") { Description = "A job array over whole numbers, e.g. --array seeds=0..9", DefaultValueFactory = _ => [] };
        var sweep = new Option<string[]>("--sweep") { Description = "A sweep axis key=v1,v2,... (repeatable: the cross product), e.g. --sweep optimizer.lr=0.1,0.01", DefaultValueFactory = _ => [] };
        var maxConcurrent = CommonOptions.WholeNumber("--max-concurrent", "At most K array tasks at once (--array=0-N%K)");
        var set = CommonOptions.Set();
        var verb = new Option<string>("--verb") { Description = "The command each task runs: train (default), prune or dynamics", DefaultValueFactory = _ => "train" };
        var stepwise = new Option<string?>("--stepwise") { Description = "The stepwise executable the job runs (default: this one; a name without / is looked up on the node's PATH); a .dll runs with dotnet" };
        var outDir = new Option<string?>("--out") { Description = "Write the script, its manifest and the run folders here (DIR/<name>.sbatch, DIR/<name>-<k>/)" };
        var submit = new Option<bool>("--submit") { Description = "Also submit it with sbatch (into --out, default runs/) and print the job id" };
        var command = new Command("slurm", "An sbatch script (or job array) that trains across allocations: signal, checkpoint, requeue, resume. Example: stepwise slurm examples/quickstart.yaml --time 04:00:00 --sweep optimizer.lr=0.1,0.03 --out sweeps/lr")
        {
            config, extra, time, partition, account, cpus, mem, grace, stepTime, evalTime, saveTime, array, sweep, maxConcurrent, set, verb, stepwise, outDir, submit,
        };
        command.SetAction(r => Run(cx, new Request(r.GetValue(config)!, r.GetValue(extra) ?? [], r.GetValue(time), r.GetValue(partition), r.GetValue(account),
            r.GetValue(cpus), r.GetValue(mem), r.GetValue(grace), r.GetValue(stepTime), r.GetValue(evalTime), r.GetValue(saveTime), r.GetValue(array) ?? [],
            r.GetValue(sweep) ?? [], r.GetValue(maxConcurrent), r.GetValue(set) ?? [], r.GetValue(verb)!, r.GetValue(stepwise), r.GetValue(outDir), r.GetValue(submit))));
        return command;
    }

    internal sealed record Request(string Config, string[] Extra, string? Time, string? Partition, string? Account, long? Cpus, string? Mem, string? Grace,
        string? StepTime, string? EvalTime, string? SaveTime, string[] Arrays, string[] Sweeps, long? MaxConcurrent, string[] Sets, string Verb,
        string? Stepwise, string? OutDir, bool Submit);

    internal static int Run(CliContext cx, Request q)
    {
        // 1. Every option, before anything is read, measured or written.
        var errors = new List<string>();
        T? Take<T>(ParseResult<T> p)
        {
            if (p.TryGetValue(out T value)) return value;
            errors.Add(p.Error!);
            return default;
        }
        var verb = Take(SlurmOptionParser.Verb(q.Verb));
        long? time = q.Time is null ? null : Take(SlurmOptionParser.Time(q.Time));
        string? partition = q.Partition is null ? null : Take(SlurmOptionParser.Name("--partition", q.Partition));
        string? account = q.Account is null ? null : Take(SlurmOptionParser.Name("--account", q.Account));
        int? cpus = q.Cpus is { } c ? Take(SlurmOptionParser.Cpus(c)) : null;
        string? memory = q.Mem is null ? null : Take(SlurmOptionParser.Memory(q.Mem));
        long? grace = q.Grace is null ? null : Take(SlurmOptionParser.Grace(q.Grace));
        decimal? Figure(string option, string? text) => text is null ? null : Take(SlurmOptionParser.Figure(option, text));
        var inputs = new TimingInputs(Figure("--step-time", q.StepTime), Figure("--eval-time", q.EvalTime), Figure("--save-time", q.SaveTime));
        var axes = new List<SweepAxis>();
        // The axes: every --sweep in order, then --array (varying fastest: the seeds of one setting are neighbours).
        foreach (string s in q.Sweeps) if (Take(SweepAxis.ParseSweep(s, RunSchema.Run)) is { } axis) axes.Add(axis);
        foreach (string a in q.Arrays) if (Take(SweepAxis.ParseArray(a, RunSchema.Run)) is { } axis) axes.Add(axis);
        int? maxConcurrent = q.MaxConcurrent is { } k ? Take(SlurmOptionParser.MaxConcurrent(k, axes.Count > 0)) : null;
        var extra = Take(SlurmOptionParser.Extra(q.Extra)) ?? [];
        if (errors.Count > 0) return cx.BadInput(errors[0]);
        if (grace is not null && (inputs.StepSeconds ?? inputs.EvaluationSeconds ?? inputs.SaveSeconds) is not null)
            return cx.BadInput("--grace with --step-time/--eval-time/--save-time: the figures only compute an automatic grace; give one or the other");
        if (verb == SlurmVerb.Train && CheckTrainArguments(cx, q.Config, extra) is { } bad) return cx.BadInput(bad);

        // 2. The config, and every task's: bound, its data loaded and planned, as the job will.
        var baseRoot = ConfigLoader.Load(q.Config, q.Sets);
        if (!baseRoot.TryGetValue(out var baseNode)) return cx.BadInput(baseRoot.Error!);
        var first = BuildSetup(cx, q.Config, baseNode, null, out int code);
        if (first is null) return code;
        string name = first.Config.Name ?? Path.GetFileNameWithoutExtension(q.Config);
        var plan = SweepPlan.Expand(name, axes);
        if (!plan.TryGetValue(out var tasks)) return cx.BadInput(plan.Error!);
        string outDirectory = Path.GetFullPath(q.OutDir ?? "runs");
        var representatives = new List<(SweepTask Task, RunSetup Setup)>();
        var leaders = tasks.CostGroups().Select(g => g[0]).ToHashSet();
        foreach (var task in tasks.Tasks)
        {
            RunSetup? setup = first;
            if (tasks.IsArray)
            {
                var root = ConfigLoader.Load(q.Config, [.. q.Sets, .. task.Sets]);
                if (!root.TryGetValue(out var node)) return cx.BadInput($"task {task.Index} ({task.Describe()}): {root.Error}");
                setup = BuildSetup(cx, q.Config, node, task, out code);
                if (setup is null) return code;
            }
            if (leaders.Contains(task)) representatives.Add((task, setup));
        }

        // 3. The grace period: given, or from the figures of every cost group's first task.
        GracePeriod period;
        if (grace is { } g) period = GracePeriod.Given(g);
        else
        {
            if (!inputs.Complete)
                cx.Err.WriteLine($"stepwise: measuring update, evaluation and save times for the grace period ({representatives.Count} configuration{(representatives.Count == 1 ? "" : "s")}; --grace 90s or --step-time/--eval-time/--save-time skip it)");
            string scratch = NearestExisting(outDirectory);
            try
            {
                period = GracePeriod.FromFigures(TimingFigures.Max(representatives.Select(x =>
                    TimingMeasurement.Resolve(x.Setup, Path.Combine(outDirectory, x.Task.Folder), inputs, scratch, cpus))));
            }
            catch (Training.RunInputException e) { return cx.BadInput(e.Message); }
        }

        // 4. The job and its script.
        bool write = q.OutDir is not null || q.Submit;
        string? scriptPath = write ? SlurmJob.DefaultScriptPath(outDirectory, name) : null;
        var created = SlurmJob.Create(tasks, q.Config, outDirectory, q.Stepwise is { } exe ? SlurmJob.CommandFor(exe.Contains('/', StringComparison.Ordinal) ? Path.GetFullPath(exe) : exe) : ThisStepwise(),
            period, verb, time, partition, account, cpus, memory, maxConcurrent, q.Sets, extra, scriptPath);
        if (!created.TryGetValue(out var job)) return cx.BadInput(created.Error!);
        cx.Err.WriteLine($"stepwise: {job.Grace.Explain()}");
        if (time is { } limit && job.Grace.Seconds * 2 > limit)
            cx.Err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stepwise: warning: the {job.Grace.Seconds} s grace is over half of the {WallClock.FormatSlurm(limit)} limit; each allocation trains less than half its time"));
        if (!write)
        {
            cx.Out.Write(SlurmScript.Render(job));
            cx.Err.WriteLine("stepwise: printed only: --out DIR writes the script and its run folders, --submit also submits it");
            return ExitCodes.Ok;
        }
        try { SlurmOutput.Write(job); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            cx.Err.WriteLine($"stepwise: error: cannot write {job.ScriptPath}: {e.Message}");
            return ExitCodes.WriteFault;
        }
        string runs = tasks.IsArray ? $"{tasks.Tasks.Count} run folders {tasks.Name}-0..{tasks.Tasks.Count - 1}" : $"the run folder {tasks.Name}";
        if (!q.Submit)
        {
            cx.Out.WriteLine(job.ScriptPath);
            cx.Err.WriteLine($"stepwise: wrote {job.ScriptPath} and {runs} in {job.OutDirectory}; submit with: sbatch {ShellQuote.Bash(job.ScriptPath!)}");
            return ExitCodes.Ok;
        }
        var submitted = Sbatch.Submit(job.ScriptPath!);
        if (!submitted.TryGetValue(out string? id))
            return cx.BadInput($"{submitted.Error}; the script stays at {job.ScriptPath}");
        cx.Out.WriteLine($"submitted {id} {job.ScriptPath}");
        cx.Err.WriteLine($"stepwise: job {id}: watch with squeue -j {id}; stepwise runs {ShellQuote.Bash(job.OutDirectory)}");
        return ExitCodes.Ok;
    }

    private static RunSetup? BuildSetup(CliContext cx, string configPath, ConfigNode node, SweepTask? task, out int code)
    {
        var (setup, errors) = RunSetup.Create(node, ConfigLoader.BaseDirectory(configPath));
        if (setup is not null)
        {
            code = ExitCodes.Ok;
            return setup;
        }
        string prefix = task is null ? "" : $"task {task.Index} ({task.Describe()}): ";
        foreach (var e in errors) cx.Err.WriteLine($"stepwise: error: {prefix}{e}");
        code = ExitCodes.BadInput;
        return null;
    }

    /// <summary>The job's arguments parsed as <c>stepwise train CONFIG ARGS</c> would be, so a typo fails here and not in
    /// the queue; the first error, or null.</summary>
    private static string? CheckTrainArguments(CliContext cx, string configPath, IReadOnlyList<string> extra)
    {
        if (extra.Count == 0) return null;
        var parsed = StepwiseCli.Create(cx).Parse(["train", configPath, .. extra]);
        return parsed.Errors.Count == 0 ? null : $"-- {string.Join(' ', extra)}: {parsed.Errors[0].Message} (arguments for stepwise train)";
    }

    /// <summary>This process's stepwise: the apphost or tool shim itself, or <c>dotnet stepwise.dll</c>; <c>stepwise</c>
    /// (the command on PATH) when run in memory by another host.</summary>
    private static IReadOnlyList<string> ThisStepwise()
    {
        string? process = Environment.ProcessPath;
        string? dll = Assembly.GetEntryAssembly()?.Location;
        if (process is not null && Path.GetFileNameWithoutExtension(process).Equals("stepwise", StringComparison.OrdinalIgnoreCase)) return [process];
        if (dll is { Length: > 0 } && Path.GetFileName(dll).Equals("stepwise.dll", StringComparison.OrdinalIgnoreCase)) return ["dotnet", dll];
        return ["stepwise"];
    }

    private static string NearestExisting(string directory)
    {
        for (var d = new DirectoryInfo(directory); d is not null; d = d.Parent)
            if (d.Exists) return d.FullName;
        return Path.GetTempPath();
    }
}
