using System.Buffers.Binary;
using System.Text;
using Stepwise.Training.Checkpoints;

namespace Stepwise.Training.Tests.Checkpoints;

public class SafeTensorsParseErrorTests
{
    /// <summary>A file with the given raw header text (padded) and <paramref name="dataLength"/> data bytes.</summary>
    private static byte[] File(string header, int dataLength, ulong? lengthOverride = null)
    {
        byte[] h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, lengthOverride ?? (ulong)h.Length);
        h.CopyTo(bytes, 8);
        for (int i = 0; i < dataLength; i++) bytes[8 + h.Length + i] = (byte)(i + 1);
        return bytes;
    }

    private static string ReasonOf(byte[] bytes)
    {
        var e = Assert.Throws<CheckpointFormatException>(() => SafeTensors.Read(bytes));
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\r', e.Message);
        Assert.StartsWith("safetensors: ", e.Message);
        return e.Message;
    }

    public static TheoryData<string, byte[], string> Cases() => new()
    {
        { "empty file", [], "file has 0 bytes, shorter than the 8-byte header length" },
        { "5 bytes", new byte[5], "file has 5 bytes" },
        { "header length past end", File("{}", 0, 1000), "header length 1000 exceeds the 2 bytes after the length field" },
        { "huge header length", File("{}", 0, ulong.MaxValue), "exceeds the 100000000-byte limit" },
        { "zero header length", File("", 0), "header length 0 is too short" },
        { "not JSON", File("{nope", 0), "header is not valid JSON" },
        { "not an object", File("[1,2] ", 0), "header does not start with '{'" },
        { "trailing NULs", File("{}\0\0", 0), "header is not valid JSON" },
        { "unknown dtype", File("{\"w\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[0,2]}}", 2), "tensor 'w' has unknown dtype 'BF16'" },
        { "no dtype", File("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "tensor 'w' has no dtype" },
        { "shape/size mismatch", File("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 20), "tensor 'w' F32 shape [2,3] needs 24 bytes, data_offsets [0,20] hold 20" },
        { "negative dimension", File("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4), "tensor 'w' shape holds -1, not a non-negative integer" },
        { "fractional dimension", File("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4), "shape holds 1.5" },
        { "overflowing shape", File("{\"w\":{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}", 8), "shape [4294967296,4294967296] is too large" },
        { "three offsets", File("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1,2]}}", 1), "data_offsets has 3 entries, not 2" },
        { "reversed offsets", File("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,0]}}", 1), "end before they begin" },
        { "overlapping offsets", File("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[2,6]}}", 6), "tensor 'b' data_offsets [2,6] overlap tensor 'a' [0,4]" },
        { "gap", File("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[3,5]}}", 5), "tensor 'b' data_offsets [3,5] leave a gap after byte 2" },
        { "data truncated", File("{\"a\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[0,8]}}", 5), "tensors need 8 data bytes, the file holds 5" },
        { "slack after data", File("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}", 3), "data section has 3 bytes, the tensors cover 2" },
        { "duplicate tensor", File("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}", 2), "header names 'a' twice" },
        { "metadata not strings", File("{\"__metadata__\":{\"k\":1}}", 0), "metadata 'k' is not a string" },
        { "metadata not an object", File("{\"__metadata__\":[]}", 0), "'__metadata__' is not an object" },
        { "tensor not an object", File("{\"a\":3}", 0), "tensor 'a' is not an object" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_file_gives_a_one_line_reason(string what, byte[] bytes, string fragment)
    {
        string reason = ReasonOf(bytes);
        Assert.True(reason.Contains(fragment, StringComparison.Ordinal), $"{what}: got '{reason}', expected '{fragment}'");
    }

    [Fact]
    public void Every_truncation_of_a_valid_file_is_rejected_with_one_line()
    {
        byte[] full = SafeTensors.Serialize([SafeTensors.F32("w", [1f, 2f, 3f], 3), SafeTensors.I64("s", [5L])],
            new Dictionary<string, string> { ["k"] = "v" });
        for (int n = 0; n < full.Length; n++) ReasonOf(full[..n]);
        Assert.Equal(2, SafeTensors.Read(full).Tensors.Count);
    }

    [Fact]
    public void Hand_written_header_with_whitespace_and_unsorted_tensors_is_accepted()
    {
        // Other writers order tensors differently and may not pad; the reader only requires an exact tiling.
        var file = SafeTensors.Read(File("{ \"b\": {\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[2,3]},\n \"a\": {\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]} }", 3));
        Assert.Equal(["a", "b"], file.Tensors.Select(t => t.Name));
        Assert.Equal(new byte[] { 1, 2 }, file.ReadU8("a"));
        Assert.Equal(new byte[] { 3 }, file.ReadU8("b"));
    }

    [Fact]
    public void Invalid_UTF8_in_a_name_is_a_format_error()
    {
        byte[] bytes = File("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1);
        bytes[10] = 0xE6; // the 'w'
        Assert.Contains("header is not valid UTF-8", ReasonOf(bytes));
    }

    [Fact]
    public void Every_single_bit_flip_in_the_header_either_parses_or_gives_a_one_line_format_error()
    {
        byte[] full = SafeTensors.Serialize([SafeTensors.F32("w", [1f, 2f], 2), SafeTensors.U8("é", [9])],
            new Dictionary<string, string> { ["k"] = "v" });
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(full);
        for (int bit = 0; bit < headerEnd * 8; bit++)
        {
            byte[] flipped = (byte[])full.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            try { SafeTensors.Read(flipped); }
            catch (CheckpointFormatException e) { Assert.DoesNotContain('\n', e.Message); }
        }
    }
}
