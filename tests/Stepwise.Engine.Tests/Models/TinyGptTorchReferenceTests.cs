using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Stepwise.Engine.Models;
using Xunit.Abstractions;
using Stepwise.Engine.Parameters;

namespace Stepwise.Engine.Tests.Models;

/// <summary>
/// TinyGpt against an independent PyTorch implementation of the same model (scripts/tinygpt_reference.py: F.layer_norm,
/// F.linear, F.gelu(approximate='tanh'), masked-softmax attention, F.cross_entropy(ignore_index=-1), autograd) on the same
/// weights and tokens. Bounds, with r the torch value and g ours:
/// <list type="bullet">
/// <item>float64: |loss − r| ≤ 1e-9·|r|; for every parameter tensor max|g − r| ≤ 1e-9·max|r| (over that tensor); logits
/// max|g − r| ≤ 1e-9·max|r|.</item>
/// <item>float32 (torch also in float32): |loss − r| ≤ 1e-5·|r|; for every parameter tensor max|g − r| ≤ 1e-4·max|r|
/// (over that tensor, stricter than over the whole vector); logits max|g − r| ≤ 1e-5·max|r|.</item>
/// </list>
/// Needs torch for Debian's /usr/bin/python3; without it the test writes why and passes.
/// </summary>
public sealed class TinyGptTorchReferenceTests(ITestOutputHelper output)
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static readonly Lazy<string?> Unavailable = new(TorchUnavailable); // importing torch takes ~1.5 s: ask once

    [Theory]
    [InlineData(true, 13)]
    [InlineData(false, 16)]
    public void Float64_MatchesTorch(bool tie, int time) => Check<double>(tie, time, "float64", lossBound: 1e-9, gradBound: 1e-9, logitBound: 1e-9);

    [Theory]
    [InlineData(true, 13)]
    [InlineData(false, 16)]
    public void Float32_MatchesTorch(bool tie, int time) => Check<float>(tie, time, "float32", lossBound: 1e-5, gradBound: 1e-4, logitBound: 1e-5);

    private void Check<T>(bool tie, int time, string dtype, double lossBound, double gradBound, double logitBound)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Unavailable.Value is { } reason)
        {
            string message = $"{nameof(TinyGptTorchReferenceTests)} ({dtype}, tie={tie}) skipped: {reason}";
            output.WriteLine(message);
            Console.Error.WriteLine(message);
            return;
        }
        Assert.True(BitConverter.IsLittleEndian, "the exchange files are little-endian");
        string script = Path.Combine(RepositoryRoot(), "scripts", "tinygpt_reference.py");
        Assert.True(File.Exists(script), $"{script} is missing");

        // the model: GPT-2 init, then noise on every parameter (LayerNorm gains and all biases included) so that every
        // path carries signal; tokens and targets random, a few targets ignored
        var cfg = new TinyGptConfig(Vocab: 37, Context: 16, Layers: 2, Heads: 2, Channels: 16, Dropout: 0.0, TieWeights: tie);
        var model = new TinyGpt<T>(cfg);
        var rng = new Rng(tie ? 2024UL : 2025UL);
        model.Initialize(rng);
        for (int i = 0; i < model.Params.Length; i++) model.Params[i] += T.CreateChecked(rng.NextGaussian() * 0.2);
        const int batch = 3;
        int n = batch * time;
        int[] tokens = Enumerable.Range(0, n).Select(_ => (int)rng.NextLong(cfg.Vocab)).ToArray();
        int[] targets = Enumerable.Range(0, n).Select(_ => (int)rng.NextLong(cfg.Vocab)).ToArray();
        foreach (int i in new[] { 0, 5, n / 2, n - 1 }) targets[i] = -1;

        model.ZeroGrad();
        double loss = double.CreateChecked(model.Forward(tokens, targets, batch, time));
        model.Backward();
        double[] logits = ToDouble<T>(model.Logits);
        double[] grads = ToDouble<T>(model.Grads);

        string folder = Path.Combine(Path.GetTempPath(), $"stepwise-tinygpt-torch-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "params.bin"), MemoryMarshal.AsBytes(model.Params.AsSpan()).ToArray());
            var caseJson = new Dictionary<string, object>
            {
                ["config"] = new Dictionary<string, object>
                {
                    ["vocab"] = cfg.Vocab, ["context"] = cfg.Context, ["layers"] = cfg.Layers, ["heads"] = cfg.Heads,
                    ["channels"] = cfg.Channels, ["tie_weights"] = cfg.TieWeights,
                },
                ["B"] = batch,
                ["T"] = time,
                ["dtype"] = dtype,
                ["tokens"] = tokens,
                ["targets"] = targets,
                ["params"] = "params.bin",
                ["layout"] = model.Layout.Views.Select(v => new Dictionary<string, object> { ["name"] = v.Name, ["shape"] = v.Shape, ["offset"] = v.Offset }).ToArray(),
                ["out_prefix"] = "torch",
            };
            string casePath = Path.Combine(folder, "case.json");
            File.WriteAllText(casePath, JsonSerializer.Serialize(caseJson));

            var clock = Stopwatch.StartNew();
            (int exit, _, string stderr) = Run(Python, [script, casePath]);
            Assert.True(exit == 0, $"{script} exited with {exit}: {stderr}");

            using JsonDocument result = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "torch.json")));
            double torchLoss = result.RootElement.GetProperty("loss").GetDouble();
            string torchVersion = result.RootElement.GetProperty("torch").GetString() ?? "?";
            double[] torchLogits = ReadBinary<T>(Path.Combine(folder, "torch.logits.bin"));
            double[] torchGrads = ReadBinary<T>(Path.Combine(folder, "torch.grads.bin"));
            Assert.Equal(logits.Length, torchLogits.Length);
            Assert.Equal(grads.Length, torchGrads.Length);

            var failures = new List<string>();
            double lossRel = Math.Abs(loss - torchLoss) / Math.Abs(torchLoss);
            if (!(lossRel <= lossBound)) failures.Add($"loss {loss:R} vs torch {torchLoss:R}: relative error {lossRel:E2} > {lossBound:E0}");

            double logitRel = MaxAbsDiff(logits, torchLogits) / MaxAbs(torchLogits);
            if (!(logitRel <= logitBound)) failures.Add($"logits: max|Δ|/max|r| = {logitRel:E2} > {logitBound:E0}");

            double worstGrad = 0;
            string worstName = "";
            foreach (ParamView view in model.Layout.Views)
            {
                ReadOnlySpan<double> g = grads.AsSpan(view.Offset, view.Length), r = torchGrads.AsSpan(view.Offset, view.Length);
                double scale = MaxAbs(r);
                Assert.True(scale > 0, $"{view.Name}: torch's gradient is all zero (the test should reach every parameter)");
                double rel = MaxAbsDiff(g, r) / scale;
                if (rel > worstGrad)
                {
                    worstGrad = rel;
                    worstName = view.Name;
                }
                if (!(rel <= gradBound)) failures.Add($"{view.Name}: max|Δ|/max|r| = {rel:E2} > {gradBound:E0} (max|r| = {scale:E3})");
            }
            double globalGrad = MaxAbsDiff(grads, torchGrads) / MaxAbs(torchGrads);

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{dtype}, tie={tie}, B={batch}, T={time}, torch {torchVersion} ({clock.ElapsedMilliseconds} ms): loss {loss:R} vs {torchLoss:R} " +
                $"(rel {lossRel:E2}); logits max|Δ|/max|r| {logitRel:E2}; gradients worst tensor {worstName} max|Δ|/max|r| {worstGrad:E2}, " +
                $"whole vector {globalGrad:E2}"));
            Assert.True(failures.Count == 0, string.Join('\n', failures));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double[] ToDouble<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = double.CreateChecked(values[i]);
        return result;
    }

    private static double[] ReadBinary<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length % Marshal.SizeOf<T>() == 0, $"{path}: {bytes.Length} bytes is not a whole number of {typeof(T).Name}");
        return ToDouble<T>(MemoryMarshal.Cast<byte, T>(bytes));
    }

    private static double MaxAbs(ReadOnlySpan<double> values)
    {
        double max = 0;
        foreach (double v in values) max = Math.Max(max, Math.Abs(v));
        return max;
    }

    private static double MaxAbsDiff(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = Math.Abs(a[i] - b[i]);
            if (double.IsNaN(d)) return double.NaN;
            max = Math.Max(max, d);
        }
        return max;
    }

    /// <summary>Why torch cannot be asked here, or null when it can.</summary>
    private static string? TorchUnavailable()
    {
        if (!File.Exists(Python)) return $"{Python} not found (torch is expected from Debian's python3-torch)";
        try
        {
            (int exit, _, string stderr) = Run(Python, ["-c", "import numpy, torch.nn.functional"]);
            return exit == 0 ? null : $"'import torch' fails under {Python}: {stderr.Trim().Split('\n')[^1]}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
        {
            return $"cannot run {Python}: {e.Message}";
        }
    }

    private static (int Exit, string Stdout, string Stderr) Run(string file, string[] args)
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
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
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
