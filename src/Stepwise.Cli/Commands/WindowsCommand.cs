using System.CommandLine;
using System.Globalization;
using Stepwise.Cli.Output;

namespace Stepwise.Cli.Commands;

/// <summary><c>stepwise windows CONFIG [--stages K] [--format ...]</c>: the K stage windows over updates 0..T−1.</summary>
public static class WindowsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext cx)
    {
        var config = CommonOptions.Config();
        var set = CommonOptions.Set();
        var format = CommonOptions.Format();
        var stages = CommonOptions.WholeNumber("--stages", "Number of windows (overrides the config's stages)", "K");
        var command = new Command("windows", "Split the run's updates into K equal stage windows (inclusive ranges of update indices). Example: stepwise windows examples/seed000-windows.yaml --stages 5") { config, stages, set, format };
        command.SetAction(r =>
        {
            var extra = r.GetValue(stages) is { } k ? new[] { ("stages", k.ToString(CultureInfo.InvariantCulture)) } : [];
            var root = ConfigLoader.Load(r.GetValue(config)!, r.GetValue(set) ?? [], extra);
            if (!root.TryGetValue(out var node)) return cx.BadInput(root.Error!);
            var plan = ConfigLoader.BuildPlan(cx, node, null, null, out int code, r.GetValue(config));
            if (plan is null) return code;
            if (plan.Windows.Count == 0) return cx.BadInput("stages: missing; give stages: K in the config or --stages K");
            switch (CommonOptions.FormatOf(r.GetValue(format)))
            {
                case OutputFormat.Json: return CommonOptions.WriteJson(cx, plan, byEpoch: false);
                case OutputFormat.Csv:
                    cx.Out.WriteLine("stage,start,end,length,epochs");
                    for (int i = 0; i < plan.Windows.Count; i++)
                    {
                        var w = plan.Windows[i];
                        cx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{i + 1},{w.Start},{w.End},{w.Length.Value},{Planning.PlanJson.Decimal((decimal)w.Length.Value / plan.StepsPerEpoch, 6)}"));
                    }
                    break;
                default:
                    PlanText.WriteGeometry(cx.Out, plan);
                    cx.Out.WriteLine();
                    PlanText.WriteWindowTable(cx.Out, plan);
                    break;
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
