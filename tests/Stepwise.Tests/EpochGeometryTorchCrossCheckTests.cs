using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Stepwise.Tests;

/// <summary>
/// EpochGeometry.FromDataset against real PyTorch: scripts/torch_epoch_lengths.py asks DistributedSampler and DataLoader
/// for their lengths on random configurations. Needs torch for Debian's /usr/bin/python3; without it the test is
/// reported as skipped, with the reason (<see cref="TorchFactAttribute"/>).
/// </summary>
public sealed class EpochGeometryTorchCrossCheckTests(ITestOutputHelper output)
{
    /// <summary>Debian's python3 (which python3-torch installs into); STEPWISE_PYTHON overrides it, e.g. to see the skip.</summary>
    private static readonly string Python = Environment.GetEnvironmentVariable("STEPWISE_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";
    private const int ConfigCount = 200;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private sealed record Config(long N, long B, long G, long W, bool DropLast)
    {
        public string ToJson() => string.Create(CultureInfo.InvariantCulture,
            $$"""{"N": {{N}}, "b": {{B}}, "G": {{G}}, "W": {{W}}, "drop_last": {{(DropLast ? "true" : "false")}}}""");
    }

    [TorchFact]
    public void MatchesRealPyTorchOnRandomConfigs()
    {
        string script = Path.Combine(RepositoryRoot(), "scripts", "torch_epoch_lengths.py");
        Assert.True(File.Exists(script), $"{script} is missing");

        List<Config> configs = RandomConfigs(ConfigCount, seed: 20_250_601);
        string input = string.Join('\n', configs.Select(c => c.ToJson())) + "\n";
        (int exit, string stdout, string stderr) = Run(Python, [script], input);
        Assert.True(exit == 0, $"{script} exited with {exit}: {stderr}");
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(configs.Count, lines.Length);

        var mismatches = new List<string>();
        int failures = 0;
        for (int i = 0; i < configs.Count; i++)
        {
            Config c = configs[i];
            using JsonDocument json = JsonDocument.Parse(lines[i]);
            long torchSamples = json.RootElement.GetProperty("len_sampler").GetInt64();
            long torchBatches = json.RootElement.GetProperty("len_loader").GetInt64();
            long torchUpdates = json.RootElement.GetProperty("updates").GetInt64();
            ParseResult<EpochGeometry> geometry = EpochGeometry.FromDataset(c.N, c.B, c.G, c.W, c.DropLast);
            (long, long, long) ours;
            if (geometry.Success)
            {
                EpochGeometry g = geometry.Value;
                ours = (g.SamplesPerRank!.Value, g.BatchesPerRank!.Value, g.UpdatesPerEpoch);
            }
            else
            {
                // Stepwise refuses an epoch of 0 updates; torch then reports an empty loader.
                failures++;
                ours = (torchSamples, 0, 0);
                if (!c.DropLast) mismatches.Add($"{c}: Stepwise failed without drop_last: {geometry.Error}");
            }
            if (ours != (torchSamples, torchBatches, torchUpdates))
                mismatches.Add($"{c}: Stepwise (S, L, U) = {ours}, torch = ({torchSamples}, {torchBatches}, {torchUpdates})");
        }
        string summary = $"compared {configs.Count} configurations with real torch DataLoader/DistributedSampler ({failures} with 0 updates per epoch)";
        output.WriteLine(summary);
        Console.Error.WriteLine($"{nameof(MatchesRealPyTorchOnRandomConfigs)}: {summary}");
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    /// <summary>Random configurations from a fixed seed: sizes over six decades, and the edge cases (N &lt; W, b &gt; S, G &gt; L).</summary>
    private static List<Config> RandomConfigs(int count, int seed)
    {
        var random = new Random(seed);
        long LogUniform(long max) => Math.Max(1, (long)Math.Round(Math.Pow(max, random.NextDouble())));
        var configs = new List<Config>(count);
        for (int i = 0; i < count; i++)
        {
            long n = i % 5 == 0 ? random.NextInt64(1, 65) : LogUniform(2_000_000);
            long b = i % 7 == 0 ? random.NextInt64(1, 9) : LogUniform(1024);
            long g = random.Next(4) == 0 ? LogUniform(64) : random.NextInt64(1, 9);
            long w = random.Next(3) == 0 ? LogUniform(128) : random.NextInt64(1, 9);
            configs.Add(new Config(n, b, g, w, random.Next(2) == 0));
        }
        return configs;
    }

    /// <summary>Why real torch cannot be asked here, or null when it can (asked once per test run).</summary>
    internal static string? TorchUnavailable() => Probe.Value;

    private static readonly Lazy<string?> Probe = new(() =>
    {
        if (!File.Exists(Python)) return $"{Python} not found (torch is expected from Debian's python3-torch: apt-get install -y python3-torch)";
        try
        {
            (int exit, _, string stderr) = Run(Python, ["-c", "import torch.utils.data"], "");
            return exit == 0 ? null : $"'import torch' fails under {Python}: {stderr.Trim().Split('\n')[^1]}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
        {
            return $"cannot run {Python}: {e.Message}";
        }
    });

    private static (int Exit, string Stdout, string Stderr) Run(string file, string[] args, string stdin)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} ran past {Timeout.TotalSeconds} s");
        }
        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>The folder holding Stepwise.slnx, found by walking up from the test binaries.</summary>
    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Stepwise.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no Stepwise.slnx above {AppContext.BaseDirectory}");
    }
}
