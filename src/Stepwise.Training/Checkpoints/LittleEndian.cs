using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Stepwise.Training.Checkpoints;

/// <summary>Numeric arrays to and from little-endian bytes (the safetensors byte order), whatever the host's order:
/// a block copy on little-endian hosts, the bytes of each element reversed otherwise.</summary>
internal static class LittleEndian
{
    /// <summary>The little-endian bytes of <paramref name="values"/>.</summary>
    public static byte[] Bytes<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        byte[] data = MemoryMarshal.AsBytes(values).ToArray();
        if (!BitConverter.IsLittleEndian) Swap(data, Unsafe.SizeOf<T>());
        return data;
    }

    /// <summary>The values held by little-endian <paramref name="data"/> (its length a multiple of the element size).</summary>
    public static T[] Values<T>(ReadOnlySpan<byte> data) where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        var values = new T[data.Length / size];
        Span<byte> bytes = MemoryMarshal.AsBytes(values.AsSpan());
        data[..bytes.Length].CopyTo(bytes);
        if (!BitConverter.IsLittleEndian) Swap(bytes, size);
        return values;
    }

    private static void Swap(Span<byte> bytes, int size)
    {
        for (int i = 0; i + size <= bytes.Length; i += size) bytes.Slice(i, size).Reverse();
    }
}
