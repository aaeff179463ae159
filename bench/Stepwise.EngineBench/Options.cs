using System.Globalization;

namespace Stepwise.EngineBench;

/// <summary>Command-line options shared by the subcommands: <c>--threads K</c>, <c>--seconds S</c>, <c>--steps N</c>.</summary>
internal sealed class Options
{
    public int Threads { get; private set; } = 1;

    public double Seconds { get; private set; } = 3.0;

    public int Steps { get; private set; } = 50;

    public List<string> Positional { get; } = [];

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{a} needs a value");
            switch (a)
            {
                case "--threads":
                    o.Threads = int.Parse(Next(), CultureInfo.InvariantCulture);
                    if (o.Threads < 1) throw new ArgumentException("--threads must be ≥ 1");
                    break;
                case "--seconds":
                    o.Seconds = double.Parse(Next(), CultureInfo.InvariantCulture);
                    if (!(o.Seconds > 0)) throw new ArgumentException("--seconds must be > 0");
                    break;
                case "--steps":
                    o.Steps = int.Parse(Next(), CultureInfo.InvariantCulture);
                    if (o.Steps < 1) throw new ArgumentException("--steps must be ≥ 1");
                    break;
                default:
                    if (a.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unknown option {a}");
                    o.Positional.Add(a);
                    break;
            }
        }
        return o;
    }
}
