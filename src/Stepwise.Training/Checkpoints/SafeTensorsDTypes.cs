namespace Stepwise.Training.Checkpoints;

/// <summary>Element sizes and header spellings of <see cref="SafeTensorsDType"/>.</summary>
internal static class SafeTensorsDTypes
{
    /// <summary>Bytes per element.</summary>
    public static int Size(SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.F32 or SafeTensorsDType.I32 => 4,
        SafeTensorsDType.F64 or SafeTensorsDType.I64 or SafeTensorsDType.U64 => 8,
        SafeTensorsDType.U8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown safetensors dtype"),
    };

    /// <summary>The header spelling, e.g. <c>"F32"</c>.</summary>
    public static string Name(SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.F32 => "F32",
        SafeTensorsDType.F64 => "F64",
        SafeTensorsDType.I32 => "I32",
        SafeTensorsDType.I64 => "I64",
        SafeTensorsDType.U8 => "U8",
        SafeTensorsDType.U64 => "U64",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown safetensors dtype"),
    };

    /// <summary>Parses a header spelling (exact, case-sensitive, as safetensors does).</summary>
    public static bool TryParse(string? text, out SafeTensorsDType dtype)
    {
        switch (text)
        {
            case "F32": dtype = SafeTensorsDType.F32; return true;
            case "F64": dtype = SafeTensorsDType.F64; return true;
            case "I32": dtype = SafeTensorsDType.I32; return true;
            case "I64": dtype = SafeTensorsDType.I64; return true;
            case "U8": dtype = SafeTensorsDType.U8; return true;
            case "U64": dtype = SafeTensorsDType.U64; return true;
            default: dtype = default; return false;
        }
    }

    /// <summary>The element count of <paramref name="shape"/> (1 for a scalar); false on a negative dimension or overflow.</summary>
    public static bool TryElementCount(ReadOnlySpan<long> shape, out long count)
    {
        count = 1;
        foreach (long d in shape)
        {
            if (d < 0) return false;
            try { count = checked(count * d); }
            catch (OverflowException) { return false; }
        }
        return true;
    }

    /// <summary>The byte count of a tensor; false on a negative dimension or overflow.</summary>
    public static bool TryByteCount(SafeTensorsDType dtype, ReadOnlySpan<long> shape, out long bytes)
    {
        bytes = 0;
        if (!TryElementCount(shape, out long count)) return false;
        try { bytes = checked(count * Size(dtype)); }
        catch (OverflowException) { return false; }
        return true;
    }

    /// <summary>Formats a shape as <c>[2,3]</c>.</summary>
    public static string FormatShape(ReadOnlySpan<long> shape)
    {
        var parts = new string[shape.Length];
        for (int i = 0; i < shape.Length; i++) parts[i] = shape[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        return "[" + string.Join(",", parts) + "]";
    }
}
