using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Stepwise.Training.Checkpoints;

namespace Stepwise.Training.Tests.Checkpoints;

public class SafeTensorsTests
{
    private static readonly FsCheck.Config Config = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300);

    [Fact]
    public void Serialize_then_Read_round_trips_random_tensors_of_every_dtype()
    {
        Prop.ForAll(SafeTensorsGenerators.Cases().ToArbitrary(), c =>
        {
            byte[] bytes = SafeTensors.Serialize(c.Tensors, c.Metadata);
            var file = SafeTensors.Read(bytes);
            var expected = c.Tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToArray();
            Assert.Equal(expected.Select(t => t.Name), file.Tensors.Select(t => t.Name));
            foreach (var (e, a) in expected.Zip(file.Tensors))
            {
                Assert.Equal(e.DType, a.DType);
                Assert.Equal(e.Shape, a.Shape);
                Assert.True(e.Data.Span.SequenceEqual(a.Data.Span), $"data of {e.Name}");
            }
            Assert.Equal(c.Metadata.OrderBy(kv => kv.Key), file.Metadata.OrderBy(kv => kv.Key));
            Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes) % 8);
        }).Check(Config);
    }

    [Fact]
    public void Bytes_do_not_depend_on_input_order_and_Write_matches_Serialize()
    {
        Prop.ForAll(SafeTensorsGenerators.Cases().ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (c, shuffleSeed) =>
        {
            byte[] a = SafeTensors.Serialize(c.Tensors, c.Metadata);
            var shuffled = c.Tensors.ToArray();
            new Random(shuffleSeed).Shuffle(shuffled);
            var reversedMeta = c.Metadata.Reverse().ToDictionary(kv => kv.Key, kv => kv.Value);
            byte[] b = SafeTensors.Serialize(shuffled, reversedMeta);
            using var ms = new MemoryStream();
            SafeTensors.Write(ms, shuffled, reversedMeta);
            Assert.Equal(a, b);
            Assert.Equal(a, ms.ToArray());
        }).Check(Config);
    }

    [Fact]
    public void Header_has_sorted_tensors_metadata_first_contiguous_offsets_and_space_padding()
    {
        byte[] bytes = SafeTensors.Serialize(
            [SafeTensors.F32("z", [1f, 2f]), SafeTensors.I64("a", [7L], 1, 1), SafeTensors.U8("m", [1, 2, 3])],
            new Dictionary<string, string> { ["format"] = "pt", ["b"] = "2" });
        int n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        string header = Encoding.UTF8.GetString(bytes, 8, n);
        Assert.Equal(0, n % 8);
        Assert.Equal(header.TrimEnd(' ').Length, header.TrimEnd().Length);
        Assert.Equal(
            "{\"__metadata__\":{\"b\":\"2\",\"format\":\"pt\"}," +
            "\"a\":{\"dtype\":\"I64\",\"shape\":[1,1],\"data_offsets\":[0,8]}," +
            "\"m\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[8,11]}," +
            "\"z\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[11,19]}}",
            header.TrimEnd(' '));
        Assert.Equal(8 + n + 19, bytes.Length);
        using var doc = JsonDocument.Parse(header);
        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
    }

    [Fact]
    public void The_byte_layout_example_in_docs_checkpoints_md_is_exact()
    {
        byte[] bytes = SafeTensors.Serialize([SafeTensors.I64("step", [7L]) with { Shape = [] }, SafeTensors.F32("bias", [0.5f, -1f])]);
        const string json = "{\"bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"step\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[8,16]}}";
        byte[] expected = [0x78, 0, 0, 0, 0, 0, 0, 0, .. Encoding.UTF8.GetBytes(json), .. "       "u8,
            0x00, 0x00, 0x00, 0x3F, 0x00, 0x00, 0x80, 0xBF, 0x07, 0, 0, 0, 0, 0, 0, 0];
        Assert.Equal(113, json.Length);
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void No_metadata_and_empty_metadata_give_the_same_bytes()
    {
        TensorEntry[] t = [SafeTensors.F64("x", [1.5, -2.25])];
        Assert.Equal(SafeTensors.Serialize(t), SafeTensors.Serialize(t, new Dictionary<string, string>()));
        Assert.Empty(SafeTensors.Read(SafeTensors.Serialize(t)).Metadata);
    }

    [Fact]
    public void Typed_helpers_round_trip_values_little_endian()
    {
        var file = SafeTensors.Read(SafeTensors.Serialize([
            SafeTensors.F32("f32", [1f, -0f, float.NaN, float.MaxValue, float.Epsilon, float.NegativeInfinity], 2, 3),
            SafeTensors.F64("f64", [Math.PI, double.MinValue]),
            SafeTensors.I32("i32", [int.MinValue, -1, 0, int.MaxValue]),
            SafeTensors.I64("i64", [long.MinValue, 42, long.MaxValue]),
            SafeTensors.U64("u64", [0UL, 1UL << 63, ulong.MaxValue]),
            SafeTensors.U8("u8", [0, 127, 255]),
        ]));
        Assert.Equal([1f, -0f, float.NaN, float.MaxValue, float.Epsilon, float.NegativeInfinity], file.ReadF32("f32"));
        Assert.Equal([2L, 3L], file["f32"].Shape);
        Assert.Equal([Math.PI, double.MinValue], file.ReadF64("f64"));
        Assert.Equal([int.MinValue, -1, 0, int.MaxValue], file.ReadI32("i32"));
        Assert.Equal([long.MinValue, 42, long.MaxValue], file.ReadI64("i64"));
        Assert.Equal([0UL, 1UL << 63, ulong.MaxValue], file.ReadU64("u64"));
        Assert.Equal(new byte[] { 0, 127, 255 }, file.ReadU8("u8"));
        Assert.Equal([0x00, 0x00, 0x80, 0x3F], file["f32"].Data.Span[..4].ToArray()); // 1f, little-endian
    }

    [Fact]
    public void Reading_the_wrong_dtype_or_a_missing_tensor_names_it()
    {
        var file = SafeTensors.Read(SafeTensors.Serialize([SafeTensors.F64("w", [1.0])]));
        Assert.Equal("safetensors: tensor 'w' is F64, expected F32", Assert.Throws<CheckpointFormatException>(() => file.ReadF32("w")).Message);
        Assert.Equal("safetensors: no tensor 'v'", Assert.Throws<CheckpointFormatException>(() => file["v"]).Message);
        Assert.True(file.Contains("w"));
    }

    [Fact]
    public void Scalars_and_zero_sized_tensors_are_allowed()
    {
        var file = SafeTensors.Read(SafeTensors.Serialize([
            new TensorEntry("s", SafeTensorsDType.F32, [], new byte[4]),
            new TensorEntry("e", SafeTensorsDType.I64, [0, 3], Array.Empty<byte>()),
            new TensorEntry("e2", SafeTensorsDType.U8, [0], Array.Empty<byte>()),
        ]));
        Assert.Empty(file["s"].Shape);
        Assert.Equal([0f], file.ReadF32("s"));
        Assert.Empty(file.ReadI64("e"));
    }

    [Theory]
    [InlineData("", "tensor name is empty")]
    [InlineData("__metadata__", "reserved")]
    public void Serialize_rejects_bad_names(string name, string fragment) =>
        Assert.Contains(fragment, Assert.Throws<ArgumentException>(() => SafeTensors.Serialize([SafeTensors.F32(name, [1f])])).Message);

    [Fact]
    public void Serialize_rejects_duplicates_and_size_mismatches()
    {
        Assert.Contains("duplicate tensor name 'a'", Assert.Throws<ArgumentException>(() =>
            SafeTensors.Serialize([SafeTensors.F32("a", [1f]), SafeTensors.I64("a", [1L])])).Message);
        Assert.Contains("needs 8 bytes, data has 4", Assert.Throws<ArgumentException>(() =>
            SafeTensors.Serialize([new TensorEntry("a", SafeTensorsDType.F32, [2], new byte[4])])).Message);
        Assert.Contains("is invalid", Assert.Throws<ArgumentException>(() =>
            SafeTensors.Serialize([new TensorEntry("a", SafeTensorsDType.F32, [-1], new byte[4])])).Message);
        Assert.Contains("does not hold 3 values", Assert.Throws<ArgumentException>(() => SafeTensors.F32("a", [1f, 2f, 3f], 2, 2)).Message);
    }
}
