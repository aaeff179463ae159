using System.CommandLine;
using Stepwise.Cli.Output;

namespace Stepwise.Cli.Commands;

/// <summary><c>stepwise plan CONFIG [--set k=v]... [--format text|json|csv|html]</c>: the whole plan; <c>html</c> writes one
/// self-contained page with the plan timeline to stdout (docs/reports.md).</summary>
public static class PlanCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext cx)
    {
        var config = CommonOptions.Config();
        var set = CommonOptions.Set();
        var format = CommonOptions.Format(OutputFormat.Text, OutputFormat.Text, OutputFormat.Json, OutputFormat.Csv, OutputFormat.Html);
        var command = new Command("plan", "The whole plan of a config: steps per epoch, total steps, stage windows, checkpoint and evaluation steps, estimates; html draws its timeline. Example: stepwise plan examples/quickstart.yaml --format json") { config, set, format };
        command.SetAction(r =>
        {
            var root = ConfigLoader.Load(r.GetValue(config)!, r.GetValue(set) ?? []);
            if (!root.TryGetValue(out var node)) return cx.BadInput(root.Error!);
            var plan = ConfigLoader.BuildPlan(cx, node, null, null, out int code, r.GetValue(config));
            if (plan is null) return code;
            switch (CommonOptions.FormatOf(r.GetValue(format)))
            {
                case OutputFormat.Json: return CommonOptions.WriteJson(cx, plan, byEpoch: false);
                case OutputFormat.Csv: PlanCsv.Write(cx.Out, plan); break;
                case OutputFormat.Html: cx.Out.Write(Reports.PlanReport.Render(plan, (node as Configuration.ConfigMapping)?.Get("name") is Configuration.ConfigScalar { IsNull: false } name ? name.Text : Path.GetFileNameWithoutExtension(r.GetValue(config)!))); break;
                default: PlanText.Write(cx.Out, plan, r.GetValue(config)!); break;
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
