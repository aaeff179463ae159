using System.Text;

namespace Stepwise.Training.Data;

/// <summary>
/// The passage rule of <c>data.split: blank_line</c> (docs/data.md): a run of lines that are empty or whitespace only
/// separates passages, and a passage's lines are joined with "\n". Text training and <c>stepwise dynamics</c> both
/// split by it, so a passages file written for training splits back into the same passages.
/// </summary>
public static class BlankLinePassages
{
    /// <summary>The passages of <paramref name="text"/> in order (none for a blank text).</summary>
    public static List<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var passages = new List<string>();
        var current = new StringBuilder();
        foreach (string line in text.Split('\n'))
        {
            if (line.Trim().Length == 0)
            {
                if (current.Length > 0) passages.Add(current.ToString());
                current.Clear();
                continue;
            }
            if (current.Length > 0) current.Append('\n');
            current.Append(line);
        }
        if (current.Length > 0) passages.Add(current.ToString());
        return passages;
    }
}
