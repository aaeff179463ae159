using Stepwise.Engine.Kernels;

namespace Stepwise.Engine.Tests.Kernels;

public class ColumnSumKernelsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 15)]
    [InlineData(128, 16)]
    [InlineData(3, 17)]
    [InlineData(128, 63)]
    [InlineData(128, 64)]
    [InlineData(33, 65)]
    [InlineData(128, 512)]
    [InlineData(5, 530)]
    [InlineData(0, 40)]
    public void Accumulate_IsBitwiseTheRowByRowSum(int n, int m)
    {
        var rng = new Random(n * 1000 + m);
        float[] dy = new float[n * m];
        for (int i = 0; i < dy.Length; i++) dy[i] = (float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-6, 4)));
        float[] start = new float[m + 3];
        for (int j = 0; j < start.Length; j++) start[j] = (float)(rng.NextDouble() - 0.5);
        float[] expected = (float[])start.Clone();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < m; j++) expected[j] += dy[i * m + j];
        }
        float[] actual = (float[])start.Clone();
        ColumnSumKernels.Accumulate(actual, dy, n, m);
        for (int j = 0; j < expected.Length; j++) Assert.True(BitConverter.SingleToInt32Bits(expected[j]) == BitConverter.SingleToInt32Bits(actual[j]), $"column {j}: {actual[j]} vs {expected[j]}");
    }

    [Fact]
    public void Accumulate_RejectsShortBuffers()
    {
        Assert.Throws<ArgumentException>(() => ColumnSumKernels.Accumulate(new float[3], new float[8], 2, 4));
        Assert.Throws<ArgumentException>(() => ColumnSumKernels.Accumulate(new float[4], new float[7], 2, 4));
    }
}
