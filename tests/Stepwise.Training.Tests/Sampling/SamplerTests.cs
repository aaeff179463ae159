using FsCheck;
using FsCheck.Fluent;
using Stepwise.Training.Sampling;

namespace Stepwise.Training.Tests.Sampling;

public class SamplerTests
{
    /// <summary>DistributedSampler + DataLoader + accumulation, written the slow obvious way (lists).</summary>
    private static List<List<List<long>>> Reference(int n, int b, int g, int w, bool dropLast, int[] perm)
    {
        var indices = perm.Select(i => (long)i).ToList();
        int s = dropLast ? n / w : (n + w - 1) / w;
        int total = s * w;
        if (!dropLast) { int k = 0; while (indices.Count < total) indices.Add(indices[k++ % n]); }
        else indices = indices.Take(total).ToList();
        var ranks = Enumerable.Range(0, w).Select(r => indices.Where((_, i) => i % w == r).ToList()).ToList();
        var updates = new List<List<List<long>>>();   // update → (rank*g + micro) → rows
        var batchesPerRank = ranks.Select(rk => Chunk(rk, b, dropLast)).ToList();
        int l = batchesPerRank[0].Count;
        for (int u = 0; u * g < l; u++)
        {
            var micro = new List<List<long>>();
            for (int r = 0; r < w; r++)
                for (int m = u * g; m < Math.Min(l, u * g + g); m++) micro.Add(batchesPerRank[r][m]);
            updates.Add(micro);
        }
        return updates;
    }

    private static List<List<long>> Chunk(List<long> rows, int b, bool dropLast)
    {
        var res = new List<List<long>>();
        for (int i = 0; i < rows.Count; i += b)
        {
            var c = rows.Skip(i).Take(b).ToList();
            if (c.Count < b && dropLast) break;
            res.Add(c);
        }
        return res;
    }

    [Fact]
    public void Every_update_reads_the_rows_DistributedSampler_and_DataLoader_give()
    {
        var cases = from n in Gen.Choose(1, 60)
                    from b in Gen.Choose(1, 9)
                    from g in Gen.Choose(1, 4)
                    from w in Gen.Choose(1, 3)
                    from dropLast in Gen.Elements(false, true)
                    select (n, b, g, w, dropLast);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (n, b, g, w, dropLast) = c;
            var geo = EpochGeometry.FromDataset(n, b, g, w, dropLast);
            if (!geo.Success) return true;   // U = 0: rejected by the plan
            var sampler = new EpochSampler(geo.Value, 7);
            for (long epoch = 0; epoch < 2; epoch++)
            {
                var expected = Reference(n, b, g, w, dropLast, sampler.Permutation(epoch));
                if (expected.Count != sampler.UpdatesPerEpoch) return false;
                var rows = new long[b];
                for (int u = 0; u < expected.Count; u++)
                {
                    long update = epoch * sampler.UpdatesPerEpoch + u;
                    int micro = sampler.MicroBatches(update);
                    if (micro * w != expected[u].Count) return false;
                    for (int r = 0; r < w; r++)
                        for (int m = 0; m < micro; m++)
                        {
                            int count = sampler.Rows(update, r, m, rows);
                            if (!rows.AsSpan(0, count).SequenceEqual(expected[u][r * micro + m].ToArray())) return false;
                        }
                }
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Permutations_depend_only_on_seed_and_epoch_and_differ_between_epochs()
    {
        var geo = EpochGeometry.FromDataset(100, 10).Value;
        var a = new EpochSampler(geo, 3);
        var b = new EpochSampler(geo, 3);
        Assert.Equal(a.Permutation(5), b.Permutation(5));
        Assert.NotEqual(a.Permutation(0), a.Permutation(1));
        Assert.NotEqual(a.Permutation(0), new EpochSampler(geo, 4).Permutation(0));
        Assert.Equal(Enumerable.Range(0, 100), a.Permutation(2).Order());
    }

    [Fact]
    public void Positioning_at_a_late_update_needs_no_walk_and_matches_a_sequential_sampler()
    {
        var geo = EpochGeometry.FromDataset(1000, 16, 2).Value;
        var sequential = new EpochSampler(geo, 11);
        var rows = new long[16];
        var seen = new List<long>();
        for (long u = 0; u < 3 * sequential.UpdatesPerEpoch; u++)
            for (int m = 0; m < sequential.MicroBatches(u); m++) seen.AddRange(rows.AsSpan(0, sequential.Rows(u, 0, m, rows)).ToArray());
        var jump = new EpochSampler(geo, 11);
        long late = 2 * jump.UpdatesPerEpoch + 5;
        int c = jump.Rows(late, 0, 1, rows);
        long offset = (2 * 1000) + (5 * 2 + 1) * 16;
        Assert.Equal(seen.Skip((int)offset).Take(c), rows.AsSpan(0, c).ToArray());
    }

    [Fact]
    public void Last_update_of_an_epoch_steps_a_partial_accumulation_window()
    {
        // 1000 samples, batch 16 → 63 batches; G = 4 → 16 updates, the last with 3 micro-batches (63 = 15·4 + 3).
        var geo = EpochGeometry.FromDataset(1000, 16, 4).Value;
        var s = new EpochSampler(geo, 0);
        Assert.Equal(16, s.UpdatesPerEpoch);
        Assert.Equal(4, s.MicroBatches(14));
        Assert.Equal(3, s.MicroBatches(15));
        Assert.Equal(4, s.MicroBatches(16));
        var rows = new long[16];
        Assert.Equal(1000 - 62 * 16, s.Rows(15, 0, 2, rows));
    }
}
