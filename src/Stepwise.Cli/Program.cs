using System.Globalization;
using Stepwise.Cli;
using Stepwise.Training.Loop;

// First thing: a training run catches SIGTERM/SIGINT/SIGUSR1 from here on (a stop before the first update exits 3).
var stop = new StopSignal();
using var handlers = args.Length > 0 && args[0] == "train" ? SignalHandlers.Install(stop) : null;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
Console.OutputEncoding = System.Text.Encoding.UTF8;
return StepwiseCli.Run(args, Console.Out, Console.Error, handlers is null ? null : stop);
