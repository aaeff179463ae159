using System.Globalization;
using Stepwise.Cli;
using Stepwise.FaultHost;
using Stepwise.Training.Loop;

// Program.cs of the CLI, plus the faults this host injects.
var stop = new StopSignal();
using var handlers = args.Length > 0 && args[0] == "train" ? SignalHandlers.Install(stop) : null;
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
Console.OutputEncoding = System.Text.Encoding.UTF8;
return StepwiseCli.Run(args, Console.Out, Console.Error, handlers is null ? null : stop, SlowFaults.Parse(Environment.GetEnvironmentVariable(SlowFaults.Variable)));
