using System.Security.Cryptography;
using Xunit.Abstractions;

namespace Stepwise.Fault.Tests;

/// <summary>Every hostile input exits 2 with one "stepwise: error:" line naming the problem, no stack trace, empty
/// stdout, and nothing written.</summary>
public class BadInputTests(ITestOutputHelper output)
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in BadInputTable.Cases) data.Add(c.Name);
        return data;
    }

    [Fact]
    public void The_table_has_at_least_60_distinct_cases()
    {
        Assert.True(BadInputTable.Cases.Count >= 60, $"{BadInputTable.Cases.Count} cases");
        Assert.Equal(BadInputTable.Cases.Count, BadInputTable.Cases.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
        Figures.Write(output, "bad-inputs",
        [
            $"bad inputs: {BadInputTable.Cases.Count} cases through stepwise train (each: exit 2, empty stdout, one error line, no stack trace, nothing written)",
            $"  CSV files: {BadInputTable.Cases.Count(c => c.Name.StartsWith("csv", StringComparison.Ordinal))}, text files: {BadInputTable.Cases.Count(c => c.Name.StartsWith("text", StringComparison.Ordinal))}, checkpoint folders: {BadInputTable.Cases.Count(c => c.Yaml?.Contains("name: fault", StringComparison.Ordinal) == true)}",
        ]);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Bad_input_exits_2_with_one_line_and_writes_nothing(string name)
    {
        var c = BadInputTable.Cases.Single(x => x.Name == name);
        var reference = c.NeedsCheckpoint ? ReferenceRun.Get() : null;
        string dir = Path.Combine(Path.GetTempPath(), "stepwise-bad-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        try
        {
            string cfg = Path.Combine(dir, "cfg.yaml");
            string run = Path.Combine(dir, "run");
            if (c.Yaml is not null) File.WriteAllText(cfg, c.Yaml);
            foreach (var (file, bytes) in c.Files)
            {
                string path = Path.Combine(dir, file);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, bytes);
            }
            foreach (var (file, length) in c.SparseFiles)
            {
                using var sparse = File.Create(Path.Combine(dir, file));
                sparse.SetLength(length);
            }
            string ckpt = "";
            if (reference is not null)
            {
                ckpt = reference.CopyCheckpoint(20, Path.Combine(dir, "other"));
                if (c.CorruptModel)
                {
                    string model = Path.Combine(ckpt, "model.safetensors");
                    byte[] b = File.ReadAllBytes(model);
                    b[^1] ^= 0x40;
                    File.WriteAllBytes(model, b);
                }
                if (c.CheckpointInRun) reference.CopyCheckpoint(20, run);
            }
            string[] args = c.Args.Select(a => a.Replace("{cfg}", cfg, StringComparison.Ordinal).Replace("{run}", run, StringComparison.Ordinal)
                .Replace("{dir}", dir, StringComparison.Ordinal).Replace("{ckpt}", ckpt, StringComparison.Ordinal)).ToArray();
            var before = Snapshot(dir);
            bool runExisted = Directory.Exists(run);

            var (code, stdout, stderr) = InProcess.Run(args);
            output.WriteLine(stderr.Trim());

            Assert.True(code == 2, $"exit {code}: {stderr}");
            Assert.Equal("", stdout);
            var errors = stderr.Split('\n').Where(l => l.StartsWith("stepwise: error:", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 1, $"expected one error line: {stderr}");
            foreach (string f in c.Fragments) Assert.True(errors[0].Contains(f, StringComparison.Ordinal), $"'{f}' not in: {errors[0]}");
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("internal error", stderr, StringComparison.Ordinal);
            Assert.Equal(runExisted, Directory.Exists(run));
            Assert.Equal(before, Snapshot(dir));
        }
        finally
        {
            ReferenceRun.TryDelete(dir);
        }
    }

    /// <summary>Every file and folder under <paramref name="dir"/> with its content hash.</summary>
    private static List<string> Snapshot(string dir) =>
        Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(p => File.Exists(p) ? $"{p} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(p)))}" : p + "/").ToList();
}
