using System.Buffers.Binary;

namespace Stepwise.Analysis.Dynamics.Cartography;

/// <summary>
/// <c>cartography/records.bin</c>: what every update's training forward pass said of each row it read, in update
/// order: an 8-byte magic "SWCART01", then 24-byte little-endian records (int64 update t, int64 train row, float32
/// loss ℓᵢ in nats, float32 share of the row's targets predicted right). A resume cuts it back to the records before
/// the update it restarts at, so it always equals an uninterrupted run's.
/// </summary>
public static class CartographyLog
{
    /// <summary>The folder inside the run folder.</summary>
    public const string Folder = "cartography";

    /// <summary>The file name inside <see cref="Folder"/>.</summary>
    public const string FileName = "records.bin";

    /// <summary>Bytes per record.</summary>
    public const int RecordBytes = 24;

    /// <summary>The magic of the file's first 8 bytes.</summary>
    public static ReadOnlySpan<byte> Magic => "SWCART01"u8;

    /// <summary>The log's path in <paramref name="runDirectory"/>.</summary>
    public static string PathOf(string runDirectory) => Path.Combine(runDirectory, Folder, FileName);

    /// <summary>Writes <paramref name="e"/> into 24 bytes.</summary>
    public static void Encode(CartographyEntry e, Span<byte> into)
    {
        BinaryPrimitives.WriteInt64LittleEndian(into, e.Update);
        BinaryPrimitives.WriteInt64LittleEndian(into[8..], e.Row);
        BinaryPrimitives.WriteSingleLittleEndian(into[16..], e.Loss);
        BinaryPrimitives.WriteSingleLittleEndian(into[20..], e.Correct);
    }

    /// <summary>Reads a record from 24 bytes.</summary>
    public static CartographyEntry Decode(ReadOnlySpan<byte> from) => new(BinaryPrimitives.ReadInt64LittleEndian(from), BinaryPrimitives.ReadInt64LittleEndian(from[8..]),
        BinaryPrimitives.ReadSingleLittleEndian(from[16..]), BinaryPrimitives.ReadSingleLittleEndian(from[20..]));

    /// <summary>Every record of the log in <paramref name="runDirectory"/> (a torn last record is ignored).</summary>
    /// <exception cref="FormatException">The file is not a cartography log.</exception>
    public static IEnumerable<CartographyEntry> Read(string runDirectory)
    {
        string path = PathOf(runDirectory);
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var head = new byte[8];
        if (s.ReadAtLeast(head, 8, throwOnEndOfStream: false) < 8 || !head.AsSpan().SequenceEqual(Magic))
            throw new FormatException($"{Folder}/{FileName}: not a cartography log (no SWCART01 magic)");
        var buffer = new byte[RecordBytes * 4096];
        int have = 0;
        while (true)
        {
            int n = s.Read(buffer, have, buffer.Length - have);
            if (n == 0) break;
            have += n;
            int whole = have / RecordBytes * RecordBytes;
            for (int at = 0; at < whole; at += RecordBytes) yield return Decode(buffer.AsSpan(at, RecordBytes));
            Array.Copy(buffer, whole, buffer, 0, have - whole);
            have -= whole;
        }
    }
}
