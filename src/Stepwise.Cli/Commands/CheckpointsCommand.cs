using System.CommandLine;
using System.Globalization;
using Stepwise.Cli.Output;
using Stepwise.Configuration;
using Stepwise.Planning;
using Stepwise.Training.Setup;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise checkpoints CONFIG</c> (alias <c>generate-checkpoints</c>, seed 004): the checkpoint schedule grouped by
/// epoch. Where the config defines no checkpoint schedule and no flag sets one, seed 004's scheme applies
/// (<see cref="PlanConfig.WithEpochSpacedDefault"/>: first_epoch 20, spacing log, log_base 2; min_interval 0 — see
/// docs/semantics.md).
/// </summary>
public static class CheckpointsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext cx)
    {
        var config = CommonOptions.Config();
        var set = CommonOptions.Set();
        var format = CommonOptions.Format();
        var firstEpoch = CommonOptions.WholeNumber("--first-epoch", "Checkpoints spread evenly over epoch 1 (default 20)");
        var spacing = new Option<string?>("--spacing") { Description = "Spacing inside later epochs (default log)", HelpName = "linear|log" };
        var logBase = new Option<string?>("--log-base") { Description = "Base of the log spacing, a real number > 1 (default 2)", HelpName = "B" };
        var linear = new Option<string?>("--linear-interval") { Description = "Steps between linear checkpoints (default epoch length / 10)", HelpName = "STEPS" };
        var minInterval = new Option<string?>("--min-interval") { Description = "Minimum steps between checkpoints; epoch ends always kept (default 0)", HelpName = "STEPS" };
        var totalSteps = CommonOptions.WholeNumber("--total-steps", "Plan T steps over --epochs E (epoch ends floor(e·T/E)); data/batch/duration may then be omitted", "T");
        var epochs = CommonOptions.WholeNumber("--epochs", "Number of epochs, with --total-steps", "E");
        var all = new Option<bool>("--all") { Description = "Text format: list every epoch (default: the first 10 and last 5)" };
        var command = new Command("checkpoints", "The checkpoint steps grouped by epoch; a config without a schedule gets checkpoints spread over epoch 1 and log-spaced inside later epochs. Example: stepwise checkpoints examples/seed004-example1.yaml --total-steps 1000 --epochs 3")
        {
            config, firstEpoch, spacing, logBase, linear, minInterval, totalSteps, epochs, all, set, format,
        };
        command.Aliases.Add("generate-checkpoints");
        command.SetAction(r =>
        {
            var flags = new List<(string, string)>();
            void Flag(string path, string? value)
            {
                if (value is not null) flags.Add((path, value));
            }
            Flag("checkpoints.first_epoch", r.GetValue(firstEpoch)?.ToString(CultureInfo.InvariantCulture));
            Flag("checkpoints.spacing", r.GetValue(spacing));
            Flag("checkpoints.log_base", r.GetValue(logBase));
            Flag("checkpoints.linear_interval", r.GetValue(linear));
            Flag("checkpoints.min_interval", r.GetValue(minInterval));
            var root = ConfigLoader.Load(r.GetValue(config)!, r.GetValue(set) ?? [], flags);
            if (!root.TryGetValue(out var node)) return cx.BadInput(root.Error!);
            var plan = ConfigLoader.BuildPlan(cx, node, r.GetValue(totalSteps), r.GetValue(epochs), out int code, r.GetValue(config), epochSpacedByDefault: true);
            if (plan is null)
            {
                if (r.GetValue(totalSteps) is null && r.GetValue(epochs) is null && !ConfigPlanner.IsRunConfig(node)
                    && !ConfigBinder.Bind(node, ConfigPlanner.PlanSchema).Values.IsGiven("batch.size"))
                    cx.Err.WriteLine("stepwise: hint: a config with only a checkpoints: section needs --total-steps T --epochs E (seed 004: --total-steps 1000 --epochs 3)");
                return code;
            }
            switch (CommonOptions.FormatOf(r.GetValue(format)))
            {
                case OutputFormat.Json: return CommonOptions.WriteJson(cx, plan, byEpoch: true);
                case OutputFormat.Csv: PlanCsv.Write(cx.Out, plan, checkpointsOnly: true); break;
                default: WriteText(cx.Out, plan, r.GetValue(all)); break;
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteText(TextWriter o, Plan plan, bool all)
    {
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(inv, $"Total steps: {plan.TotalSteps.Value} over {plan.Epochs.EpochCount} epochs ({plan.StepsPerEpoch} steps per epoch)"));
        o.WriteLine(string.Create(inv, $"Checkpoints: {plan.Checkpoints.Count()} ({plan.Checkpoints.Description})"));
        long epochCount = plan.Epochs.EpochCount;
        long e = 0;
        bool skipped = false;
        foreach (var group in PlanJson.ByEpoch(plan))
        {
            e++;
            if (!all && epochCount > 15 && e > 10 && e <= epochCount - 5)
            {
                if (!skipped) o.WriteLine(string.Create(inv, $"… epochs 11..{epochCount - 5} not shown (--all lists them) …"));
                skipped = true;
                continue;
            }
            o.WriteLine(string.Create(inv, $"Epoch {e} ({plan.Epochs.Start(e).Value}-{plan.Epochs.End(e).Value}): [{string.Join(", ", group)}]"));
        }
    }
}
