using System.CommandLine;
using Stepwise.Cli.Output;

namespace Stepwise.Cli.Commands;

/// <summary><c>stepwise plan CONFIG [--set k=v]... [--format text|json|csv|html] [--time-limit 4h --step-time 12s]</c>:
/// the whole plan; <c>html</c> writes one self-contained page with the plan timeline to stdout (docs/reports.md); with a
/// time limit also how many allocations of it the run needs and which checkpoints fall in each (<see cref="PlanAllocations"/>).</summary>
public static class PlanCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext cx)
    {
        var config = CommonOptions.Config();
        var set = CommonOptions.Set();
        var format = CommonOptions.Format(OutputFormat.Text, OutputFormat.Text, OutputFormat.Json, OutputFormat.Csv, OutputFormat.Html);
        var (timeLimit, stepTime) = PlanAllocations.Options();
        var command = new Command("plan", "The whole plan of a config: steps per epoch, total steps, stage windows, checkpoint and evaluation steps, estimates; html draws its timeline. Example: stepwise plan examples/quickstart.yaml --format json")
        {
            config, set, format, timeLimit, stepTime,
        };
        command.SetAction(r =>
        {
            var allocations = PlanAllocations.Parse(r.GetValue(timeLimit), r.GetValue(stepTime));
            if (!allocations.TryGetValue(out var request)) return cx.BadInput(allocations.Error!);
            var root = ConfigLoader.Load(r.GetValue(config)!, r.GetValue(set) ?? [], request.Overrides);
            if (!root.TryGetValue(out var node)) return cx.BadInput(root.Error!);
            var plan = ConfigLoader.BuildPlan(cx, node, null, null, out int code, r.GetValue(config));
            if (plan is null) return code;
            var split = request.Split(plan);
            if (!split.TryGetValue(out var allocationPlan)) return cx.BadInput(split.Error!);
            switch (CommonOptions.FormatOf(r.GetValue(format)))
            {
                case OutputFormat.Json when allocationPlan is not null: return PlanAllocations.WriteJson(cx, plan, allocationPlan);
                case OutputFormat.Json: return CommonOptions.WriteJson(cx, plan, byEpoch: false);
                case OutputFormat.Csv: PlanCsv.Write(cx.Out, plan); PlanAllocations.WriteCsv(cx.Out, plan, allocationPlan); break;
                case OutputFormat.Html: cx.Out.Write(Reports.PlanReport.Render(plan, (node as Configuration.ConfigMapping)?.Get("name") is Configuration.ConfigScalar { IsNull: false } name ? name.Text : Path.GetFileNameWithoutExtension(r.GetValue(config)!))); break;
                default: PlanText.Write(cx.Out, plan, r.GetValue(config)!); PlanAllocations.WriteText(cx.Out, allocationPlan); break;
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
