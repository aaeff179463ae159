using System.Globalization;
using System.Text.Json;
using Stepwise.Training.Tests.Export;
using Stepwise.Training.TensorBoard;

namespace Stepwise.Training.Tests.TensorBoard;

/// <summary>scripts/tfevents_dump.py decodes our files on its own: its own CRC-32C table and mask, TensorFlow's Event
/// message described field by field in Python (simple_value inside its oneof, as TensorFlow has it), python3-protobuf's
/// decoder, and a re-encode that must give back the exact bytes.</summary>
public class TensorBoardPythonTests
{
    [PythonFact("google.protobuf")]
    public void Python_protobuf_decodes_every_record_to_what_was_written()
    {
        using var run = new TensorBoardTestFolder();
        const double t0 = 1_712_345_678.5;
        var expected = new List<(string Tag, long Step, float Value)>();
        using (var w = TensorBoardWriter.Open(run.Path, null, t0, "h"))
        {
            foreach (var (tag, step, value) in new (string, long, double)[]
                     {
                         ("train/loss", 1, 2.302585), ("train/learning_rate", 1, 3e-4), ("train/grad_norm", 1, 0.0),
                         ("train/loss", 2, -0.0), ("eval/val_loss", 2, double.NaN), ("eval/accuracy", 2, 1e30),
                         ("train/samples_per_second", 3_000_000_000L, double.PositiveInfinity), ("eval/λ", 3_000_000_000L, 1.0 / 3),
                     })
            {
                w.Scalar(tag, new Step(step), value, t0 + step / 1e6);
                expected.Add((tag, step, (float)value));
            }
        }
        using (var w = TensorBoardWriter.Open(run.Path, new Step(3_000_000_000L), t0 + 9000, "h"))
        {
            w.Scalar("train/loss", new Step(3_000_000_001L), 0.125, t0 + 9001);
            expected.Add(("train/loss", 3_000_000_001L, 0.125f));
        }

        string script = Path.Combine(PythonScript.RepositoryRoot(), "scripts", "tfevents_dump.py");
        var lines = PythonScript.RunScript(script, run.Path).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.All(lines, l => Assert.True(l.GetProperty("reencoded_equal").GetBoolean(), l.ToString()));

        Assert.Equal("brain.Event:2", lines[0].GetProperty("file_version").GetString());
        Assert.Equal(t0, double.Parse(lines[0].GetProperty("wall_time").GetString()!, CultureInfo.InvariantCulture));
        var scalars = lines.Where(l => l.TryGetProperty("summary", out _))
            .Select(l => (l, v: Assert.Single(l.GetProperty("summary").EnumerateArray().ToList())))
            .Select(x => (x.v.GetProperty("tag").GetString()!, x.l.GetProperty("step").GetInt64(),
                BitConverter.UInt32BitsToSingle(x.v.GetProperty("value_bits").GetUInt32())))
            .ToList();
        Assert.Equal(expected.Count, scalars.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Tag, scalars[i].Item1);
            Assert.Equal(expected[i].Step, scalars[i].Item2);
            Assert.Equal(BitConverter.SingleToUInt32Bits(expected[i].Value), BitConverter.SingleToUInt32Bits(scalars[i].Item3));
        }
        var start = Assert.Single(lines, l => l.TryGetProperty("session_log", out _));
        Assert.Equal("START", start.GetProperty("session_log").GetProperty("status").GetString());
        Assert.Equal(3_000_000_001L, start.GetProperty("step").GetInt64());
        Assert.Equal(2, lines.Count(l => l.TryGetProperty("file_version", out _)));
    }

    [PythonFact("google.protobuf")]
    public void Python_rejects_a_damaged_record()
    {
        using var run = new TensorBoardTestFolder();
        string file;
        using (var w = TensorBoardWriter.Open(run.Path, null, 1000, "h"))
        {
            w.Scalar("train/loss", new Step(1), 1.0, 1001);
            file = w.FilePath;
        }
        byte[] bytes = File.ReadAllBytes(file);
        bytes[^6] ^= 1; // inside the scalar's data
        File.WriteAllBytes(file, bytes);
        string script = Path.Combine(PythonScript.RepositoryRoot(), "scripts", "tfevents_dump.py");
        var (code, _, stderr) = PythonScript.Run([script, file]);
        Assert.Equal(1, code);
        Assert.Contains("data CRC mismatch", stderr);
    }
}
