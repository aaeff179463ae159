using FsCheck;
using FsCheck.Fluent;
using Stepwise.Training.Data;
using Stepwise.Engine;

namespace Stepwise.Training.Tests.Data;

public class BlobsTests
{
    [Fact]
    public void Defaults_are_1000_samples_2_features_3_balanced_classes()
    {
        var d = Load.Ok(new DataSource("blobs"));
        var t = d.Tabular!["train"];
        Assert.Equal((1000, 2, 3), (t.Count, t.Features, t.Classes));
        Assert.Equal("blobs", t.Name);
        Assert.Equal(["x0", "x1"], t.FeatureNames);
        Assert.Equal([334, 333, 333], t.Y.CountBy(y => y).OrderBy(g => g.Key).Select(g => g.Value));
        Assert.False(d.Standardized);
    }

    [Fact]
    public void Same_seed_same_data_other_seed_other_centres()
    {
        var a = Load.Ok(new DataSource("blobs", N: 50, Features: 3, Classes: 4, ClusterStd: 0.5), seed: 11).Tabular!["train"];
        var b = Load.Ok(new DataSource("blobs", N: 50, Features: 3, Classes: 4, ClusterStd: 0.5), seed: 11).Tabular!["train"];
        var c = Load.Ok(new DataSource("blobs", N: 50, Features: 3, Classes: 4, ClusterStd: 0.5), seed: 12).Tabular!["train"];
        Assert.Equal(a.X, b.X);
        Assert.NotEqual(a.X, c.X);
    }

    [Fact]
    public void Cluster_std_zero_puts_every_sample_on_its_centre_inside_the_box()
    {
        var t = Load.Ok(new DataSource("blobs", N: 30, Classes: 3, ClusterStd: 0)).Tabular!["train"];
        for (int i = 3; i < 30; i++) Assert.Equal(t.Row(i % 3).ToArray(), t.Row(i).ToArray());
        Assert.All(t.X, v => Assert.InRange(v, -10f, 10f));
    }

    [Fact]
    public void Blobs_fingerprint_is_pinned()
    {
        // The generator uses only basic IEEE operations and sqrt, so this pin holds on every platform.
        var d = Load.Ok(new DataSource("blobs", N: 200, Features: 4, Classes: 3, Splits: Load.Splits(("val", 0.25)), LabelNoise: 0.1), seed: 42);
        Assert.Equal(BlobsFingerprint, d.Fingerprint);
    }

    private const string BlobsFingerprint = "bf29680fa7689f25e8df5e27bc0935b78f4562c737432812800fdc629741e550";

    [Fact]
    public void Noise_indices_are_exactly_the_flipped_train_rows()
    {
        var spec = new DataSource("blobs", N: 1000, Classes: 5, Splits: Load.Splits(("val", 0.2)));
        var clean = Load.Ok(spec, seed: 7);
        var noisy = Load.Ok(spec with { LabelNoise = 0.1 }, seed: 7);
        int[] cy = clean.Tabular!["train"].Y, ny = noisy.Tabular!["train"].Y;
        var changed = Enumerable.Range(0, cy.Length).Where(i => cy[i] != ny[i]).Select(i => (long)i).ToArray();
        Assert.Equal(80, noisy.NoisyIndices.Count);
        Assert.Equal(changed, noisy.NoisyIndices);
        Assert.Equal(noisy.NoisyIndices.Select(i => cy[i]), noisy.NoisyOriginalLabels);
        Assert.Equal(clean.Tabular["val"].Y, noisy.Tabular!["val"].Y);
        Assert.Equal(clean.Tabular["train"].X, noisy.Tabular["train"].X);
        Assert.Empty(clean.NoisyIndices);
    }

    [Fact]
    public void Noise_count_is_round_half_even_of_rate_times_train_rows()
    {
        Assert.Equal(2, LabelNoise.FlipCount(0.125, 20));   // 2.5 → 2
        Assert.Equal(4, LabelNoise.FlipCount(0.175, 20));   // 3.5 → 4
        Assert.Equal(0, LabelNoise.FlipCount(0.02, 20));    // 0.4 → 0
        Assert.Equal(2, Load.Ok(new DataSource("blobs", N: 20, LabelNoise: 0.125)).NoisyIndices.Count);
        var gen = from n in Gen.Choose(2, 300) from p in Gen.Choose(0, 999) from s in Gen.Choose(0, 1000) select (n, p, s);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var (n, permille, seed) = c;
            var d = Load.Ok(new DataSource("blobs", N: n, LabelNoise: permille / 1000.0), seed: (ulong)seed);
            long expected = (long)Math.Round((decimal)permille * n / 1000m, MidpointRounding.ToEven);
            var idx = d.NoisyIndices;
            return idx.Count == expected && idx.Distinct().Count() == idx.Count && idx.SequenceEqual(idx.Order())
                && idx.Select((r, i) => d.Tabular!["train"].Y[r] != d.NoisyOriginalLabels[i]).All(x => x);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Noise_also_applies_to_bundled_data()
    {
        var d = Load.Ok(new DataSource("digits", LabelNoise: 0.05), seed: 3);
        Assert.Equal(90, d.NoisyIndices.Count); // round(0.05 · 1797 = 89.85)
    }

    [Fact]
    public void Portable_log_matches_math_log_and_gaussians_have_unit_variance()
    {
        var rng = new Stepwise.Engine.Rng(5);
        for (int i = 0; i < 10_000; i++)
        {
            double x = Math.Exp(80 * rng.NextDouble() - 40);
            Assert.True(Math.Abs(PortableGaussian.Log(x) - Math.Log(x)) <= 4e-16 * Math.Max(1, Math.Abs(Math.Log(x))), $"log({x})");
        }
        double sum = 0, sq = 0;
        const int N = 200_000;
        for (int i = 0; i < N; i++)
        {
            double g = PortableGaussian.Next(rng);
            sum += g;
            sq += g * g;
        }
        Assert.InRange(sum / N, -0.01, 0.01);
        Assert.InRange(sq / N, 0.98, 1.02);
    }
}
