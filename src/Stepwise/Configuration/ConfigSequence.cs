namespace Stepwise.Configuration;

/// <summary>A sequence of nodes.</summary>
public sealed record ConfigSequence(IReadOnlyList<ConfigNode> Items, int Line = 0, int Column = 0) : ConfigNode(Line, Column)
{
    /// <inheritdoc/>
    public override string KindName => "a list";

    /// <inheritdoc/>
    public override string Display => "[" + string.Join(", ", Items.Select(i => i.Display)) + "]";
}
