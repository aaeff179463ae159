using System.Globalization;
using Stepwise.EngineBench;
using Stepwise.TimBench;

// Time-windowed influence benchmarks (issue 16), one JSON line per measurement (bench/Stepwise.EngineBench's format,
// with a "model" field):
//   prepare MODEL DIR                          train the case once and export the peer's inputs (not timed)
//   time MODEL DIR [--threads K] [--seconds S] tim_window and train_window, seconds per window (median)
//   memory MODEL DIR [--threads K]             tim_peak_memory of a fresh process
// MODEL: example | logreg | mlp (TimCases). bench/run.sh --only tim runs these and bench/peers/tim_reference.py.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

const string Usage = "usage: Stepwise.TimBench (prepare | time | memory) MODEL DIR [--threads K] [--seconds S]   (MODEL: example, logreg, mlp)";
if (args.Length < 3 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine(Usage);
    return args.Length == 0 || args[0] is not ("-h" or "--help") ? 2 : 0;
}
try
{
    var o = Options.Parse(args[3..]);
    EngineThreadsShim.Apply(o.Threads);
    switch (args[0])
    {
        case "prepare": TimBenchmarks.Prepare(args[1], args[2]); break;
        case "time": TimBenchmarks.Time(args[1], args[2], o); break;
        case "memory": TimBenchmarks.PeakMemory(args[1], args[2], o); break;
        default: throw new ArgumentException($"unknown subcommand '{args[0]}'");
    }
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"Stepwise.TimBench: {e.Message}");
    Console.Error.WriteLine(Usage);
    return 2;
}
