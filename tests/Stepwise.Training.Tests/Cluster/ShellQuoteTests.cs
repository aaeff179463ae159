using System.Diagnostics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Stepwise.Training.Cluster;

namespace Stepwise.Training.Tests.Cluster;

/// <summary>Quoting in the job scripts: bash reads every quoted word back exactly; #SBATCH values are refused where
/// sbatch cannot read them.</summary>
public sealed class ShellQuoteTests
{
    private static Gen<string> Text() => Gen.Frequency(
        (3, Gen.Elements("plain", "with space", "it's", "say \"hi\"", "$HOME", "`id`", "a\\b", "tab\there", "new\nline", "*", "~", "!", "-x", "", "' '", "\"'\"", "é ü 日本", "a=b", "%j")),
        (2, Gen.ListOf(Gen.Choose(1, 0x2FF).Select(c => (char)c)).Select(cs => new string(cs.ToArray()))));

    [Fact]
    public void Bash_reads_every_quoted_word_back_exactly()
    {
        if (!File.Exists("/bin/bash")) { Console.Error.WriteLine("skipped: /bin/bash not found"); return; }
        var values = Gen.Sample(Text(), 300).Where(v => v.Length < 200).ToList();
        var script = new StringBuilder("printf '%s\\0'");
        foreach (string v in values) script.Append(' ').Append(ShellQuote.Bash(v));
        var psi = new ProcessStartInfo("/bin/bash") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false, StandardOutputEncoding = Encoding.UTF8 };
        psi.Environment["LC_ALL"] = "C.UTF-8";
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(script.Append('\n').ToString());
        p.StandardInput.Close();
        string got = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        Assert.Equal(values, got.Split('\0')[..^1]);
    }

    [Fact]
    public void Safe_words_stay_bare() =>
        Prop.ForAll(Gen.ListOf(Gen.Elements("a", "Z", "0", "_", "-", ".", "/", ":", "=", "@", "+", ",", "%")).Where(l => l.Count > 0).Select(l => string.Concat(l)).ToArbitrary(),
            (string s) => Assert.Equal(s, ShellQuote.Bash(s))).QuickCheckThrowOnFailure();

    [Theory]
    [InlineData("/tmp/runs/x/slurm.out", "/tmp/runs/x/slurm.out")]
    [InlineData("/tmp/my runs/slurm.out", "\"/tmp/my runs/slurm.out\"")]
    [InlineData("it's", "\"it's\"")]
    [InlineData("say \"hi\"", "'say \"hi\"'")]
    public void Sbatch_values(string value, string written) => Assert.Equal(written, ShellQuote.Sbatch(value, "x").Value);

    [Theory]
    [InlineData("a\\b")]
    [InlineData("it's \"both\"")]
    [InlineData("new\nline")]
    public void Sbatch_values_it_cannot_read_are_refused(string value)
    {
        var p = ShellQuote.Sbatch(value, "--out");
        Assert.False(p.Success);
        Assert.StartsWith("--out = ", p.Error, StringComparison.Ordinal);
    }
}
