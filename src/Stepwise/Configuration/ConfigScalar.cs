namespace Stepwise.Configuration;

/// <summary>A scalar: its text exactly as written, and whether it was the null value (<c>null</c>, <c>~</c>, empty).</summary>
public sealed record ConfigScalar(string Text, bool IsNull, int Line = 0, int Column = 0) : ConfigNode(Line, Column)
{
    /// <summary>The null scalar.</summary>
    public static ConfigScalar Null { get; } = new("null", true);

    /// <inheritdoc/>
    public override string KindName => IsNull ? "null" : "a value";

    /// <inheritdoc/>
    public override string Display => Text.Length > 60 ? Text[..57] + "..." : Text;
}
