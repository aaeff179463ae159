using System.Globalization;
using Stepwise.EngineBench;

// Engine benchmarks (issue 3). Each subcommand mirrors one PyTorch peer script in bench/peers/ and prints one JSON line:
//   gemm N | mlp | tinygpt | per-sample | mlp-memory [--steps N] | baseline-memory | peak | knn   [--threads K] [--seconds S]
// (peak: the FP32 FMA peak this machine delivers on K threads, the ceiling for "% of peak")
// bench/run.sh runs these and the peers interleaved and prints the comparison table (see BENCHMARKS.md).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

const string Usage = "usage: Stepwise.EngineBench (gemm N | mlp | tinygpt | per-sample | mlp-memory | baseline-memory | peak | knn) [--threads K] [--seconds S] [--steps N]";
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

try
{
    var o = Options.Parse(args[1..]);
    EngineThreadsShim.Apply(o.Threads);
    switch (args[0])
    {
        case "gemm":
            if (o.Positional.Count != 1) throw new ArgumentException("gemm needs the matrix size N");
            EngineBenchmarks.Gemm(int.Parse(o.Positional[0], CultureInfo.InvariantCulture), o);
            break;
        case "mlp": EngineBenchmarks.MlpTrain(o); break;
        case "tinygpt": EngineBenchmarks.TinyGptTrain(o); break;
        case "per-sample": EngineBenchmarks.PerSample(o); break;
        case "mlp-memory": EngineBenchmarks.MlpMemory(o); break;
        case "baseline-memory": EngineBenchmarks.BaselineMemory(o); break;
        case "peak": FmaPeak.Measure(o); break;
        case "knn": KnnBenchmark.Run(o); break;
        default: throw new ArgumentException($"unknown subcommand '{args[0]}'");
    }
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"Stepwise.EngineBench: {e.Message}");
    Console.Error.WriteLine(Usage);
    return 2;
}
