using System.Globalization;
using Stepwise.Training.Checkpoints;
using Xunit.Abstractions;

namespace Stepwise.Fault.Tests;

/// <summary>
/// Each file of the newest checkpoint truncated, zero-filled, bit-flipped or deleted: <c>--resume auto</c> names the
/// file and the reason in one line, falls back to the previous valid checkpoint and ends identical to the reference.
/// </summary>
public class CorruptionTests(ITestOutputHelper output)
{
    private static readonly string[] FileNames = ["model.safetensors", "optimizer.safetensors", "trainer_state.json", "config.yaml", CheckpointStore.MarkerFileName];

    private static readonly string[] Kinds = ["truncate", "zero-fill", "bit-flip", "delete"];

    private const long Newest = FaultConfig.TotalSteps - FaultConfig.Every, Previous = Newest - FaultConfig.Every;

    [Fact]
    public void Every_corruption_of_every_file_is_detected_named_in_one_line_and_falls_back_to_the_previous_checkpoint()
    {
        var reference = ReferenceRun.Get();
        var rng = new Random(KillTrials.Mix(FaultConfig.Seed, 1));
        int repeats = FaultConfig.Full ? 5 : 1; // the random kinds (truncate length, flipped bit) are drawn again
        var failures = new List<string>();
        int cases = 0, detected = 0, fellBack = 0, identical = 0;
        var byKind = Kinds.ToDictionary(k => k, _ => 0);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (string file in FileNames)
        {
            foreach (string kind in Kinds)
            {
                for (int r = 0; r < (kind is "delete" or "zero-fill" ? 1 : repeats); r++)
                {
                    cases++;
                    string run = reference.NewFolder("corrupt");
                    reference.CopyCheckpoint(Previous, run);
                    string dir = reference.CopyCheckpoint(Newest, run);
                    string what = Corrupt(Path.Combine(dir, file), kind, rng);
                    var (code, _, err) = InProcess.Run("train", reference.ConfigPath, "--out", run, "--resume", "auto", "--threads", "1", "--quiet");
                    string tag = $"{file} {what}";
                    var warnings = err.Split('\n').Where(l => l.Contains(" is corrupt: ", StringComparison.Ordinal) && !l.Contains("moved aside", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
                    if (warnings.Count != 1) { failures.Add($"{tag}: expected one corrupt line, got {warnings.Count}: {err.Trim()}"); continue; }
                    string w = warnings[0];
                    output.WriteLine($"{tag} → {w}");
                    string reason = Expected(file, kind);
                    if (!w.StartsWith($"stepwise: {CheckpointStore.FolderName(Newest)} is corrupt: ", StringComparison.Ordinal) || !w.Contains(file, StringComparison.Ordinal) || !w.Contains(reason, StringComparison.Ordinal))
                    {
                        failures.Add($"{tag}: the line does not name the file and '{reason}': {w}");
                        continue;
                    }
                    detected++;
                    byKind[kind]++;
                    if (!w.EndsWith($"; falling back to {CheckpointStore.FolderName(Previous)}", StringComparison.Ordinal)
                        || !err.Contains($"resuming from {CheckpointStore.FolderName(Previous)} ", StringComparison.Ordinal))
                    {
                        failures.Add($"{tag}: did not fall back to {CheckpointStore.FolderName(Previous)}: {err.Trim()}");
                        continue;
                    }
                    fellBack++;
                    if (code != 0) { failures.Add($"{tag}: exit {code}: {err.Trim()}"); continue; }
                    var problems = reference.CompareCheckpoints(run, weightsOnly: false).Problems;
                    if (!File.ReadAllBytes(Path.Combine(run, "metrics.jsonl")).AsSpan().SequenceEqual(reference.Metrics)) problems.Add("metrics.jsonl differs");
                    if (!Directory.Exists(Path.Combine(run, CheckpointStore.FolderName(Newest) + ".corrupt-1"))) problems.Add("the corrupt folder was not kept aside as .corrupt-1");
                    if (problems.Count > 0) failures.Add($"{tag}: {string.Join("; ", problems)}");
                    else identical++;
                    ReferenceRun.TryDelete(run);
                }
            }
        }

        // Nothing to fall back to: the only checkpoint is corrupt, so the run starts at step 0 and still ends identical.
        {
            string run = reference.NewFolder("corrupt-only");
            string dir = reference.CopyCheckpoint(Newest, run);
            Corrupt(Path.Combine(dir, "model.safetensors"), "bit-flip", rng);
            var (code, _, err) = InProcess.Run("train", reference.ConfigPath, "--out", run, "--resume", "auto", "--threads", "1", "--quiet");
            cases++;
            if (code == 0 && err.Contains("model.safetensors checksum mismatch; no valid checkpoint to fall back to", StringComparison.Ordinal)
                && err.Contains("starting at step 0", StringComparison.Ordinal)
                && reference.CompareCheckpoints(run, false).Problems.Count == 0
                && File.ReadAllBytes(Path.Combine(run, "metrics.jsonl")).AsSpan().SequenceEqual(reference.Metrics))
            {
                detected++;
                identical++;
            }
            else
            {
                failures.Add($"only checkpoint corrupt: exit {code}: {err.Trim()}");
            }
        }

        // Two newest corrupt: both named, the third is used.
        {
            string run = reference.NewFolder("corrupt-two");
            reference.CopyCheckpoint(Previous - FaultConfig.Every, run);
            Corrupt(Path.Combine(reference.CopyCheckpoint(Previous, run), "optimizer.safetensors"), "zero-fill", rng);
            Corrupt(Path.Combine(reference.CopyCheckpoint(Newest, run), CheckpointStore.MarkerFileName), "delete", rng);
            var (code, _, err) = InProcess.Run("train", reference.ConfigPath, "--out", run, "--resume", "auto", "--threads", "1", "--quiet");
            cases += 2;
            string third = CheckpointStore.FolderName(Previous - FaultConfig.Every);
            if (code == 0 && err.Contains($"{CheckpointStore.FolderName(Newest)} is corrupt: marker missing (checkpoint.complete.json); falling back to {third}", StringComparison.Ordinal)
                && err.Contains($"{CheckpointStore.FolderName(Previous)} is corrupt: optimizer.safetensors checksum mismatch; falling back to {third}", StringComparison.Ordinal)
                && reference.CompareCheckpoints(run, false).Problems.Count == 0)
            {
                detected += 2;
                identical++;
            }
            else
            {
                failures.Add($"two corrupt: exit {code}: {err.Trim()}");
            }
        }

        Figures.Write(output, "corruption",
        [
            $"corruption cases: {cases} ({FileNames.Length} files × {Kinds.Length} kinds{(repeats > 1 ? $", random kinds ×{repeats}" : "")}, plus only-checkpoint and two-newest cases)",
            $"  corruptions detected (one line naming the file and the reason): {detected}/{cases} ({string.Join(", ", byKind.Select(k => $"{k.Key} {k.Value}"))})",
            $"  fell back to the previous valid checkpoint: {fellBack}, resumed runs identical to the reference: {identical}",
            $"  failures: {failures.Count}",
            $"  wall time: {clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s",
            .. failures.Select(f => "  FAIL " + f),
        ]);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(cases, detected);
    }

    /// <summary>Damages <paramref name="path"/>; returns what was done.</summary>
    internal static string Corrupt(string path, string kind, Random rng)
    {
        byte[] bytes = File.ReadAllBytes(path);
        switch (kind)
        {
            case "truncate":
                int length = rng.Next(bytes.Length);
                File.WriteAllBytes(path, bytes[..length]);
                return $"truncated to {length} of {bytes.Length} bytes";
            case "zero-fill":
                File.WriteAllBytes(path, new byte[bytes.Length]);
                return $"zero-filled ({bytes.Length} bytes)";
            case "bit-flip":
                int bit = rng.Next(checked(bytes.Length * 8));
                bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                File.WriteAllBytes(path, bytes);
                return $"bit {bit} flipped";
            case "delete":
                File.Delete(path);
                return "deleted";
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "truncate, zero-fill, bit-flip or delete");
        }
    }

    private static string Expected(string file, string kind) => (file, kind) switch
    {
        (CheckpointStore.MarkerFileName, "delete") => "marker missing (checkpoint.complete.json)",
        (CheckpointStore.MarkerFileName, _) => "marker invalid (checkpoint.complete.json)",
        (_, "delete") => $"{file} missing",
        (_, "truncate") => "bytes, marker says",
        _ => $"{file} checksum mismatch",
    };
}
