using FsCheck;
using FsCheck.Fluent;
using Stepwise.Training.Checkpoints;

namespace Stepwise.Training.Tests.Checkpoints;

/// <summary>Random tensor sets (all dtypes, scalars, empty dimensions, odd names) and metadata.</summary>
internal static class SafeTensorsGenerators
{
    private static readonly string[] NamePieces = ["w", "b", "l0", "h.1", "attn.qkv", "é", "x_y", "Z", "weight", "ß.λ", "a\"q", "<t>", "0"];

    public sealed record Case(TensorEntry[] Tensors, Dictionary<string, string> Metadata, int Seed)
    {
        public override string ToString() =>
            $"seed {Seed}: " + string.Join("; ", Tensors.Select(t => $"{t.Name} {t.DType} [{string.Join(",", t.Shape)}]")) +
            $" | metadata {Metadata.Count}";
    }

    public static Gen<Case> Cases() =>
        from seed in Gen.Choose(0, int.MaxValue)
        from count in Gen.Choose(0, 7)
        from metaCount in Gen.Choose(0, 3)
        select Build(seed, count, metaCount);

    public static Case Build(int seed, int count, int metaCount)
    {
        var rng = new Random(seed);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (names.Count < count)
            names.Add(string.Join(".", Enumerable.Range(0, rng.Next(1, 3)).Select(_ => NamePieces[rng.Next(NamePieces.Length)])));
        var dtypes = Enum.GetValues<SafeTensorsDType>();
        var tensors = names.Select(name =>
        {
            var dtype = dtypes[rng.Next(dtypes.Length)];
            long[] shape = Enumerable.Range(0, rng.Next(0, 4)).Select(_ => (long)rng.Next(0, 5)).ToArray();
            long n = shape.Aggregate(1L, (a, d) => a * d);
            var data = new byte[n * Size(dtype)];
            rng.NextBytes(data);
            return new TensorEntry(name, dtype, shape, data);
        }).ToArray();
        var metadata = Enumerable.Range(0, metaCount).ToDictionary(i => $"k{i}{NamePieces[rng.Next(NamePieces.Length)]}", i => $"v{rng.Next()}");
        return new Case(tensors, metadata, seed);
    }

    public static int Size(SafeTensorsDType d) => d switch
    {
        SafeTensorsDType.U8 => 1,
        SafeTensorsDType.F32 or SafeTensorsDType.I32 => 4,
        _ => 8,
    };
}
