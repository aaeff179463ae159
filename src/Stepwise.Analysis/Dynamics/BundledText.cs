using System.Text;

namespace Stepwise.Analysis.Dynamics;

/// <summary>The passage text bundled with Stepwise: Jane Austen's <i>Pride and Prejudice</i> (public domain;
/// data/austen-pride-and-prejudice.txt, data/LICENSES.md), embedded so that any working folder finds it.</summary>
public static class BundledText
{
    /// <summary>The name messages and results give the bundled text.</summary>
    public const string Name = "austen-pride-and-prejudice.txt";

    /// <summary>The text (UTF-8, "\n" line ends).</summary>
    public static string Read()
    {
        using var stream = typeof(BundledText).Assembly.GetManifestResourceStream("Stepwise.Data." + Name)
            ?? throw new InvalidOperationException($"embedded resource Stepwise.Data.{Name} is missing from Stepwise.Analysis");
        using var reader = new StreamReader(stream, new UTF8Encoding(false, true));
        return reader.ReadToEnd();
    }
}
