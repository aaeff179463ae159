namespace Stepwise.Engine.Parameters;

/// <summary>A named tensor inside a flat parameter buffer: its shape and its offset (in elements).</summary>
public sealed record ParamView(string Name, int[] Shape, int Offset)
{
    /// <summary>Number of elements (product of the shape).</summary>
    public int Length
    {
        get
        {
            int n = 1;
            foreach (int d in Shape) n = checked(n * d);
            return n;
        }
    }

    /// <summary>The shape as text, e.g. <c>(512, 784)</c>.</summary>
    public string ShapeText => "(" + string.Join(", ", Shape) + ")";

    /// <summary>This view's slice of <paramref name="buffer"/>.</summary>
    public Span<T> Of<T>(T[] buffer) => buffer.AsSpan(Offset, Length);

    /// <summary>This view's slice of a read-only parameter-space vector.</summary>
    public ReadOnlySpan<T> In<T>(ReadOnlySpan<T> buffer) => buffer.Slice(Offset, Length);
}
