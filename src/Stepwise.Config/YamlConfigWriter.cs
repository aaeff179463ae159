using System.Globalization;
using System.Text;

using Stepwise.Configuration;

namespace Stepwise.Config;

/// <summary>
/// Writes bound values back as YAML with canonical key names, grouped by section in schema order: the resolved config a
/// run folder keeps (aliases and <c>--set</c> overrides applied). Values keep their exact written form (time strings
/// as <see cref="TimeValue.ToString"/>, decimals as written), so reading the file back binds to equal values.
/// </summary>
public static class YamlConfigWriter
{
    /// <summary>The YAML text of <paramref name="values"/> under <paramref name="schema"/>.</summary>
    public static string Write(ConfigValues values, ConfigSchema schema)
    {
        var sb = new StringBuilder();
        var present = schema.Keys.Values.Where(k => values.Has(k.Path)).ToList();
        foreach (var top in present.Where(k => k.Section.Length == 0))
        {
            sb.Append(top.Name).Append(": ").Append(Format(top, values.Entry(top.Path)!.Value)).Append('\n');
        }
        foreach (var group in present.Where(k => k.Section.Length > 0).GroupBy(k => k.Section))
        {
            sb.Append(group.Key).Append(":\n");
            foreach (var k in group)
            {
                sb.Append("  ").Append(k.Path[(k.Section.Length + 1)..]).Append(": ").Append(Format(k, values.Entry(k.Path)!.Value)).Append('\n');
            }
        }
        return sb.ToString();
    }

    private static string Format(KeySpec spec, object value) => value switch
    {
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        TimeValue t => t.ToString(),
        string s => Quote(s),
        IReadOnlyList<TimeValue> ts => "[" + string.Join(", ", ts.Select(t => t.ToString())) + "]",
        IReadOnlyList<long> ls => "[" + string.Join(", ", ls.Select(l => l.ToString(CultureInfo.InvariantCulture))) + "]",
        IReadOnlyList<decimal> ds => "[" + string.Join(", ", ds.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]",
        IReadOnlyList<string> ws => "[" + string.Join(", ", ws.Select(Quote)) + "]",
        IReadOnlyList<KeyValuePair<string, decimal>> m => "{" + string.Join(", ", m.Select(p => Quote(p.Key) + ": " + p.Value.ToString(CultureInfo.InvariantCulture))) + "}",
        IReadOnlyList<KeyValuePair<string, SplitSource>> m => "{" + string.Join(", ", m.Select(p => Quote(p.Key) + ": " + (p.Value.Fraction is { } f
            ? f.ToString(CultureInfo.InvariantCulture) : "{path: " + Quote(p.Value.Path!) + "}"))) + "}",
        _ => throw new ArgumentException($"cannot write {spec.Path} ({value.GetType().Name})", nameof(value)),
    };

    private static string Quote(string s)
    {
        bool plain = s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or '/')
            && !char.IsDigit(s[0]) && s is not ("true" or "false" or "null" or "yes" or "no" or "on" or "off");
        return plain ? s : "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }
}
