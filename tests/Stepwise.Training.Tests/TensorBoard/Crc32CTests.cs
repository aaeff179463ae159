using FsCheck;
using FsCheck.Fluent;
using Stepwise.Training.TensorBoard;

namespace Stepwise.Training.Tests.TensorBoard;

public class Crc32CTests
{
    /// <summary>RFC 3720 (iSCSI), appendix B.4, and the customary check value of "123456789".</summary>
    [Theory]
    [InlineData("zeros", 0x8A9136AAu)]
    [InlineData("ones", 0x62A8AB43u)]
    [InlineData("ascending", 0x46DD794Eu)]
    [InlineData("descending", 0x113FDB5Cu)]
    [InlineData("123456789", 0xE3069283u)]
    public void Compute_matches_the_published_test_vectors(string name, uint expected)
    {
        byte[] data = name switch
        {
            "zeros" => new byte[32],
            "ones" => Enumerable.Repeat((byte)0xFF, 32).ToArray(),
            "ascending" => Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(),
            "descending" => Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(),
            _ => "123456789"u8.ToArray(),
        };
        Assert.Equal(expected, Crc32C.Compute(data));
        Assert.Equal(expected, RawRecords.ReferenceCrc32C(data));
    }

    [Fact]
    public void Compute_equals_the_bitwise_reference_for_any_bytes_and_length() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), data => Crc32C.Compute(data) == RawRecords.ReferenceCrc32C(data))
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Mask_rotates_right_by_15_and_adds_the_delta()
    {
        // 0x00000001 rotated right by 15 is 0x00020000; plus 0xa282ead8
        Assert.Equal(0xa284ead8u, Crc32C.Mask(1));
        // 0x00008000 rotated right by 15 is 1
        Assert.Equal(0xa282ead9u, Crc32C.Mask(0x8000));
        // all ones stay all ones; the sum wraps modulo 2^32
        Assert.Equal(0xa282ead7u, Crc32C.Mask(0xFFFFFFFF));
        Assert.Equal(Crc32C.Mask(Crc32C.Compute("abc"u8)), Crc32C.Masked("abc"u8));
    }
}
