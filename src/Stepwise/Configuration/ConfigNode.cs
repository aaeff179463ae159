namespace Stepwise.Configuration;

/// <summary>
/// A plain, format-neutral configuration tree (mapping, sequence or scalar). The YAML edge builds it; the core binds
/// and validates it, so the core needs no parser package. <see cref="Line"/> and <see cref="Column"/> are 1-based
/// positions in the source file, or 0 when the node did not come from a file (e.g. a <c>--set</c> override).
/// </summary>
public abstract record ConfigNode(int Line, int Column)
{
    /// <summary>A word for the node's kind, for messages: "a mapping", "a list", "a value".</summary>
    public abstract string KindName { get; }

    /// <summary>The node as short text for messages.</summary>
    public abstract string Display { get; }
}
