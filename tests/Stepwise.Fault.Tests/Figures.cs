using System.Text;

namespace Stepwise.Fault.Tests;

/// <summary>Writes a test's figures to the test output and to <c>artifacts/fault/NAME.txt</c> (shown by scripts/fault-trials.sh).</summary>
internal static class Figures
{
    public static void Write(Xunit.Abstractions.ITestOutputHelper output, string name, IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        foreach (string l in lines)
        {
            output.WriteLine(l);
            text.Append(l).Append('\n');
        }
        try
        {
            string dir = Path.Combine(RepoRoot, "artifacts", "fault");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, name + ".txt"), text.ToString());
        }
        catch (IOException e)
        {
            output.WriteLine($"(could not write artifacts/fault/{name}.txt: {e.Message})");
        }
    }

    /// <summary>The repository root (the folder holding Stepwise.slnx), or the current folder.</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Stepwise.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? Directory.GetCurrentDirectory();
        }
    }
}
