using System.Globalization;
using Stepwise.Configuration;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Stepwise.Config;

/// <summary>
/// Builds the <see cref="ConfigNode"/> tree from YamlDotNet's parsing events with an explicit stack (never recursion),
/// enforcing <see cref="YamlLimits.MaxDepth"/> and <see cref="YamlLimits.MaxNodes"/> as each event arrives. An alias
/// reuses the anchored node (the tree is immutable, so sharing is safe) and counts as all of its nodes. Plain
/// <c>null</c>, <c>~</c> and empty values become null; quoted text never does. Keys must be scalars and unique.
/// </summary>
internal sealed class YamlTreeBuilder(string source, bool positions)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private readonly Stack<Frame> _open = new();
    private readonly Dictionary<string, (ConfigNode Node, long Nodes)> _anchors = new(StringComparer.Ordinal);
    private long _nodes;
    private int _documents;
    private ConfigNode? _root;

    /// <summary>The collections opened and not yet closed, innermost first (for "never closed" messages).</summary>
    public IEnumerable<(Mark Start, bool Flow, bool Mapping)> Open => _open.Select(f => (f.Start, f.Flow, f.Mapping));

    /// <summary>The end of the last event handled, where the parser was when it stopped.</summary>
    public Mark LastEnd { get; private set; } = Mark.Empty;

    /// <summary>Reads every event; the tree, or the first problem as one line.</summary>
    public ParseResult<ConfigNode> Build(IParser parser)
    {
        while (parser.MoveNext())
        {
            var e = parser.Current!;
            string? problem = Handle(e);
            LastEnd = e.End;
            if (problem is not null) return ParseResult<ConfigNode>.Fail(problem);
        }
        return _root is null ? ParseResult<ConfigNode>.Ok(ConfigScalar.Null) : ParseResult<ConfigNode>.Ok(_root);
    }

    /// <summary>The number of documents seen so far.</summary>
    public int Documents => _documents;

    private string? Handle(ParsingEvent e)
    {
        switch (e)
        {
            case DocumentStart when ++_documents > 1:
                return At(e.Start, "a second YAML document starts here; a config is one document (remove the '---' or what follows it)");
            case Scalar s:
                bool isNull = s.Style == ScalarStyle.Plain && s.Value is "" or "~" or "null" or "Null" or "NULL";
                var scalar = new ConfigScalar(isNull ? "null" : s.Value, isNull, Line(s.Start), Column(s.Start));
                return Add(scalar, 1, s.Anchor, s.Start, s.Value);
            case SequenceStart q:
                return Push(new Frame(false, q.Style == SequenceStyle.Flow, q.Start, q.Anchor));
            case MappingStart m:
                return Push(new Frame(true, m.Style == MappingStyle.Flow, m.Start, m.Anchor));
            case SequenceEnd or MappingEnd:
                var f = _open.Pop();
                ConfigNode node = f.Mapping
                    ? new ConfigMapping(f.Entries, Line(f.Start), Column(f.Start))
                    : new ConfigSequence(f.Items, Line(f.Start), Column(f.Start));
                return Add(node, f.Nodes, f.Anchor, f.Start, null, counted: true);
            case AnchorAlias a:
                if (!_anchors.TryGetValue(a.Value.Value, out var target))
                    return At(a.Start, $"alias *{a.Value.Value} refers to no anchor &{a.Value.Value} defined before it");
                return Add(target.Node, target.Nodes, AnchorName.Empty, a.Start, target.Node is ConfigScalar t ? t.Text : null);
            default:
                return null;
        }
    }

    private string? Push(Frame frame)
    {
        if (_open.Count + 1 > YamlLimits.MaxDepth)
        {
            return At(frame.Start, string.Create(Inv,
                $"nesting deeper than {YamlLimits.MaxDepth} levels (a mapping or list inside {YamlLimits.MaxDepth} others); a config nests a few levels (limits: docs/config.md)"));
        }
        var counted = Count(1, frame.Start);
        if (counted is not null) return counted;
        _open.Push(frame);
        return null;
    }

    /// <summary>Adds a finished node to its parent. <paramref name="counted"/>: a collection's nodes were counted as its
    /// children arrived, so only the parents' tallies grow.</summary>
    private string? Add(ConfigNode node, long nodes, AnchorName anchor, Mark start, string? keyText, bool counted = false)
    {
        if (!counted)
        {
            var problem = Count(nodes, start);
            if (problem is not null) return problem;
        }
        if (!anchor.IsEmpty) _anchors[anchor.Value] = (node, nodes);
        if (_open.Count == 0)
        {
            _root = node;
            return null;
        }
        var parent = _open.Peek();
        if (!parent.Mapping)
        {
            parent.Items.Add(node);
            return null;
        }
        if (parent.PendingKey is null)
        {
            if (node is not ConfigScalar) return At(start, $"a key must be a plain name, not {(node is ConfigSequence ? "a list" : "a mapping")}");
            string key = keyText ?? "";
            if (parent.KeyAt.TryGetValue(key, out Mark first))
                return At(start, $"key '{Clip(key)}' appears twice in the same mapping (first at {first.Line}:{first.Column}); give it once");
            parent.KeyAt.Add(key, start);
            parent.PendingKey = key;
            return null;
        }
        parent.Entries.Add(new(parent.PendingKey, node));
        parent.PendingKey = null;
        return null;
    }

    /// <summary>Adds <paramref name="nodes"/> to the document's count and to every open collection's.</summary>
    private string? Count(long nodes, Mark at)
    {
        _nodes = checked(_nodes + nodes);
        if (_nodes > YamlLimits.MaxNodes)
        {
            return At(at, string.Create(Inv,
                $"the document grows past {YamlLimits.MaxNodes:N0} nodes with its aliases expanded (aliases of aliases multiply); a config holds a few hundred (limits: docs/config.md)"));
        }
        foreach (var f in _open) f.Nodes += nodes;
        return null;
    }

    private string At(Mark m, string message) =>
        positions ? string.Create(Inv, $"{source}:{m.Line}:{m.Column}: invalid YAML: {message}") : $"{source}: invalid YAML: {message}";

    private int Line(Mark m) => positions ? (int)Math.Min(m.Line, int.MaxValue) : 0;

    private int Column(Mark m) => positions ? (int)Math.Min(m.Column, int.MaxValue) : 0;

    private static string Clip(string s)
    {
        s = s.ReplaceLineEndings("\\n");
        return s.Length <= 40 ? s : string.Concat(s.AsSpan(0, 37), "...");
    }

    private sealed class Frame(bool mapping, bool flow, Mark start, AnchorName anchor)
    {
        public bool Mapping { get; } = mapping;
        public bool Flow { get; } = flow;
        public Mark Start { get; } = start;
        public AnchorName Anchor { get; } = anchor;
        public long Nodes { get; set; } = 1;
        public List<ConfigNode> Items { get; } = [];
        public List<KeyValuePair<string, ConfigNode>> Entries { get; } = [];
        public Dictionary<string, Mark> KeyAt { get; } = new(StringComparer.Ordinal);
        public string? PendingKey { get; set; }
    }
}
