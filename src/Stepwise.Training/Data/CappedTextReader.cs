namespace Stepwise.Training.Data;

/// <summary>A reader that stops with <see cref="LimitExceededException"/> once more than a given number of characters
/// came through, so an endless or huge stream (a FIFO, a device) is refused while it is read.</summary>
internal sealed class CappedTextReader(TextReader inner, long maxChars) : TextReader
{
    private long _read;

    /// <summary>Thrown when the cap is passed.</summary>
    public sealed class LimitExceededException : Exception
    {
    }

    public override int Peek() => inner.Peek();

    public override int Read()
    {
        int c = inner.Read();
        if (c >= 0) Count(1);
        return c;
    }

    public override int Read(char[] buffer, int index, int count) => Count(inner.Read(buffer, index, count));

    public override int Read(Span<char> buffer) => Count(inner.Read(buffer));

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    private int Count(int n)
    {
        _read += n;
        if (_read > maxChars) throw new LimitExceededException();
        return n;
    }
}
