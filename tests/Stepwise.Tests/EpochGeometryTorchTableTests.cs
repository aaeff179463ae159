namespace Stepwise.Tests;

/// <summary>
/// EpochGeometry.FromDataset against PyTorch's formulas, worked by hand. Per rank:
/// S = len(DistributedSampler) = ceil(N/W), or with drop_last ceil((N−W)/W) = floor(N/W);
/// L = len(DataLoader) = ceil(S/b), or floor(S/b) with drop_last; U = ceil(L/G).
/// </summary>
public sealed class EpochGeometryTorchTableTests
{
    [Theory]
    //          N,    b,  G, W, drop,     S,   L,   U
    [InlineData(1000, 10, 1, 1, false, 1000, 100, 100)]
    [InlineData(1000, 10, 1, 1, true, 1000, 100, 100)]
    [InlineData(1001, 10, 1, 1, false, 1001, 101, 101)] // the partial batch of 1 is still a batch
    [InlineData(1001, 10, 1, 1, true, 1001, 100, 100)] // ... and is dropped
    [InlineData(1000, 32, 1, 1, false, 1000, 32, 32)] // 1000/32 = 31.25
    [InlineData(1000, 32, 1, 1, true, 1000, 31, 31)]
    [InlineData(1000, 32, 4, 1, false, 1000, 32, 8)]
    [InlineData(1000, 32, 4, 1, true, 1000, 31, 8)] // 31/4 = 7.75: the partial accumulation window is stepped
    [InlineData(1000, 32, 3, 1, false, 1000, 32, 11)]
    [InlineData(1000, 8, 1, 3, false, 334, 42, 42)] // N mod W = 1: the sampler pads to 334 per rank
    [InlineData(1000, 8, 1, 3, true, 333, 41, 41)] // N mod W ≠ 0 with drop_last: ceil((1000−3)/3) = 333; 333/8 = 41.6
    [InlineData(1000, 8, 5, 3, true, 333, 41, 9)]
    [InlineData(1024, 16, 2, 8, false, 128, 8, 4)]
    [InlineData(1024, 16, 2, 8, true, 128, 8, 4)]
    [InlineData(3, 1, 1, 4, false, 1, 1, 1)] // N < W: every rank gets 1 sample (indices repeated as padding)
    [InlineData(7, 4, 1, 8, false, 1, 1, 1)] // N < W and b > S: one partial batch of 1
    [InlineData(5, 10, 1, 1, false, 5, 1, 1)] // b > N without drop_last: one short batch
    [InlineData(100, 10, 20, 1, false, 100, 10, 1)] // G > L: one (partial) update per epoch
    [InlineData(100, 10, 20, 1, true, 100, 10, 1)]
    [InlineData(10, 2, 1, 4, false, 3, 2, 2)] // ceil(10/4) = 3, ceil(3/2) = 2
    [InlineData(10, 2, 1, 4, true, 2, 1, 1)] // ceil((10−4)/4) = ceil(1.5) = 2 = floor(10/4)
    [InlineData(50000, 64, 8, 4, false, 12500, 196, 25)] // 12500/64 = 195.3 → 196; 196/8 = 24.5 → 25
    [InlineData(50000, 64, 8, 4, true, 12500, 195, 25)] // 195/8 = 24.4 → 25
    [InlineData(50003, 64, 8, 4, false, 12501, 196, 25)]
    [InlineData(50003, 64, 8, 4, true, 12500, 195, 25)] // the 3 extra samples are dropped, not padded
    [InlineData(1, 1, 1, 1, false, 1, 1, 1)]
    [InlineData(1, 1, 1, 1, true, 1, 1, 1)]
    [InlineData(60000, 128, 1, 1, false, 60000, 469, 469)] // MNIST: 60000/128 = 468.75
    [InlineData(60000, 128, 1, 1, true, 60000, 468, 468)]
    [InlineData(1281167, 256, 1, 8, false, 160146, 626, 626)] // ImageNet-1k on 8 ranks: 160145.875 → 160146; /256 = 625.6
    [InlineData(1281167, 256, 1, 8, true, 160145, 625, 625)]
    [InlineData(7, 2, 3, 3, false, 3, 2, 1)]
    [InlineData(7, 2, 3, 3, true, 2, 1, 1)]
    [InlineData(12, 5, 2, 2, false, 6, 2, 1)]
    [InlineData(12, 5, 2, 2, true, 6, 1, 1)]
    [InlineData(4000000000, 1000, 4, 16, false, 250000000, 250000, 62500)] // N beyond int
    [InlineData(4000000007, 1000, 3, 16, true, 250000000, 250000, 83334)] // 250000/3 = 83333.3
    public void MatchesPyTorchLengths(long n, long b, long g, long w, bool dropLast, long samplesPerRank, long batchesPerRank, long updates)
    {
        EpochGeometry geometry = EpochGeometry.FromDataset(n, b, g, w, dropLast).Value;
        Assert.Equal(samplesPerRank, geometry.SamplesPerRank);
        Assert.Equal(batchesPerRank, geometry.BatchesPerRank);
        Assert.Equal(updates, geometry.UpdatesPerEpoch);
        Assert.Equal(GeometryKind.Dataset, geometry.Kind);
        Assert.Equal(n, geometry.TrainSize);
    }

    [Theory]
    [InlineData(3, 1, 1, 4)] // N < W with drop_last: floor(3/4) = 0 samples per rank
    [InlineData(5, 10, 1, 1)] // b > N with drop_last: the only batch is partial and dropped
    [InlineData(10, 3, 1, 4)] // S = 2 < b = 3
    [InlineData(100, 64, 8, 2)] // S = 50 < 64, whatever G
    public void DropLastWithLessThanOneBatchPerRankFails(long n, long b, long g, long w)
    {
        ParseResult<EpochGeometry> result = EpochGeometry.FromDataset(n, b, g, w, dropLast: true);
        Assert.False(result.Success);
        Assert.Contains("0 updates", result.Error, StringComparison.Ordinal);
        // Without drop_last the same data still makes one update.
        Assert.Equal(1, EpochGeometry.FromDataset(n, b, g, w, dropLast: false).Value.UpdatesPerEpoch);
    }
}
