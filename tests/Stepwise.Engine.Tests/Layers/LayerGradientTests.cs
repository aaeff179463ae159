using Stepwise.Engine.Layers;
using Stepwise.Engine.Reference;

namespace Stepwise.Engine.Tests.Layers;

/// <summary>
/// Each layer's Backward against float64 central differences of L = Σ R ⊙ Forward(inputs) for a fixed random R
/// (so dout = R). Bound: max relative error ≤ 1e-6 (|g − fd| / max(1e-9, |g| + |fd|)), h = 1e-6.
/// </summary>
public class LayerGradientTests
{
    private static readonly Rng Random = new(99);

    private static double[] Gaussian(int n, double scale = 1.0) => Enumerable.Range(0, n).Select(_ => Random.NextGaussian() * scale).ToArray();

    /// <summary>Checks d/d(input) of Σ R ⊙ forward(input) against <paramref name="analytic"/>.</summary>
    private static void Check(double[] input, Func<double[], double> loss, double[] analytic, string what)
    {
        const double h = 1e-6;
        double worst = 0;
        for (int i = 0; i < input.Length; i++)
        {
            double keep = input[i];
            input[i] = keep + h;
            double up = loss(input);
            input[i] = keep - h;
            double down = loss(input);
            input[i] = keep;
            double fd = (up - down) / (2 * h);
            worst = Math.Max(worst, Math.Abs(analytic[i] - fd) / Math.Max(1e-9, Math.Abs(analytic[i]) + Math.Abs(fd)));
        }
        Assert.True(worst <= 1e-6, $"{what}: max relative error {worst:E2}");
    }

    private static double Project(double[] output, double[] r) => output.Zip(r, (a, b) => a * b).Sum();

    [Fact]
    public void Linear()
    {
        const int B = 3, In = 4, Out = 5;
        double[] x = Gaussian(B * In), w = Gaussian(Out * In), b = Gaussian(Out), r = Gaussian(B * Out);
        double L(double[] xx, double[] ww, double[] bb)
        {
            var y = new double[B * Out];
            LinearReference<double>.Forward(y, xx, ww, bb, B, In, Out);
            return Project(y, r);
        }
        double[] dx = new double[B * In], dw = new double[Out * In], db = new double[Out];
        LinearReference<double>.Backward(dx, dw, db, r, x, w, B, In, Out);
        Check(x, xx => L(xx, w, b), dx, "dx");
        Check(w, ww => L(x, ww, b), dw, "dW");
        Check(b, bb => L(x, w, bb), db, "db");
    }

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Gelu)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Identity)]
    public void Activations(Activation kind)
    {
        double[] z = Gaussian(20);
        for (int i = 0; i < z.Length; i++) if (Math.Abs(z[i]) < 1e-3) z[i] = 0.5; // away from the ReLU kink
        double[] r = Gaussian(20);
        double L(double[] zz)
        {
            var a = new double[zz.Length];
            ActivationsReference<double>.Forward(kind, a, zz);
            return Project(a, r);
        }
        double[] dz = new double[20];
        ActivationsReference<double>.Backward(kind, dz, r, z);
        Check(z, L, dz, kind.ToString());
    }

    [Fact]
    public void LayerNorm()
    {
        const int N = 3, C = 6;
        double[] x = Gaussian(N * C), w = Gaussian(C), b = Gaussian(C), r = Gaussian(N * C);
        double L(double[] xx, double[] ww, double[] bb)
        {
            var o = new double[N * C];
            LayerNormReference<double>.Forward(o, new double[N], new double[N], xx, ww, bb, N, C);
            return Project(o, r);
        }
        var mean = new double[N];
        var rstd = new double[N];
        LayerNormReference<double>.Forward(new double[N * C], mean, rstd, x, w, b, N, C);
        double[] dx = new double[N * C], dw = new double[C], db = new double[C];
        LayerNormReference<double>.Backward(dx, dw, db, r, x, w, mean, rstd, N, C);
        Check(x, xx => L(xx, w, b), dx, "dx");
        Check(w, ww => L(x, ww, b), dw, "dw");
        Check(b, bb => L(x, w, bb), db, "db");
    }

    [Fact]
    public void Embedding()
    {
        const int B = 2, T = 3, C = 4, V = 5;
        int[] tokens = [1, 4, 1, 0, 2, 4];
        double[] wte = Gaussian(V * C), wpe = Gaussian(T * C), r = Gaussian(B * T * C);
        double L(double[] e, double[] p)
        {
            var o = new double[B * T * C];
            Embedding<double>.Forward(o, tokens, e, p, B, T, C);
            return Project(o, r);
        }
        double[] dwte = new double[V * C], dwpe = new double[T * C];
        Embedding<double>.Backward(dwte, dwpe, r, tokens, B, T, C);
        Check(wte, e => L(e, wpe), dwte, "dwte");
        Check(wpe, p => L(wte, p), dwpe, "dwpe");
    }

    [Fact]
    public void CausalSelfAttention()
    {
        const int B = 2, T = 4, C = 6, NH = 2;
        double[] qkv = Gaussian(B * T * 3 * C), r = Gaussian(B * T * C);
        double L(double[] q)
        {
            var o = new double[B * T * C];
            CausalSelfAttentionReference<double>.Forward(o, new double[B * NH * T * T], q, B, T, C, NH);
            return Project(o, r);
        }
        var att = new double[B * NH * T * T];
        CausalSelfAttentionReference<double>.Forward(new double[B * T * C], att, qkv, B, T, C, NH);
        double[] dqkv = new double[qkv.Length];
        CausalSelfAttentionReference<double>.Backward(dqkv, r, qkv, att, B, T, C, NH);
        Check(qkv, L, dqkv, "dqkv");
    }

    [Fact]
    public void SoftmaxCrossEntropy_WithIgnoreIndex()
    {
        const int B = 4, C = 5;
        double[] logits = Gaussian(B * C, 2.0);
        int[] y = [0, -1, 4, 2];
        double L(double[] z) => SoftmaxCrossEntropyReference<double>.Forward(new double[B * C], new double[B], z, y, B, C).Loss;
        var probs = new double[B * C];
        var (_, counted) = SoftmaxCrossEntropyReference<double>.Forward(probs, new double[B], logits, y, B, C);
        Assert.Equal(3, counted);
        double[] d = new double[B * C];
        SoftmaxCrossEntropyReference<double>.Backward(d, probs, y, B, C, 1.0 / counted);
        Check(logits, L, d, "dlogits");
        Assert.All(d.AsSpan(C, C).ToArray(), g => Assert.Equal(0.0, g)); // the ignored row gets no gradient
    }

    [Fact]
    public void Residual()
    {
        double[] a = Gaussian(8), b = Gaussian(8), r = Gaussian(8);
        double[] da = new double[8], db = new double[8];
        Residual<double>.Backward(da, db, r);
        Check(a, aa => { var o = new double[8]; Residual<double>.Forward(o, aa, b); return Project(o, r); }, da, "da");
        Check(b, bb => { var o = new double[8]; Residual<double>.Forward(o, a, bb); return Project(o, r); }, db, "db");
    }

    [Fact]
    public void Dropout_IsReproducible_ScalesKeptUnits_AndIsIdentityInEval()
    {
        double[] x = Gaussian(10_000);
        double[] o1 = new double[x.Length], m1 = new double[x.Length], o2 = new double[x.Length], m2 = new double[x.Length];
        Dropout<double>.Forward(o1, m1, x, 0.25, training: true, new Rng(4));
        Dropout<double>.Forward(o2, m2, x, 0.25, training: true, new Rng(4));
        Assert.Equal(o1, o2);
        double dropped = m1.Count(m => m == 0) / (double)m1.Length;
        Assert.InRange(dropped, 0.23, 0.27);
        Assert.All(m1, m => Assert.True(m == 0 || Math.Abs(m - 1 / 0.75) < 1e-15));
        double[] r = Gaussian(x.Length), dx = new double[x.Length];
        Dropout<double>.Backward(dx, r, m1);
        Check(x[..50], xx => { var o = new double[50]; var m = new double[50]; Dropout<double>.Forward(o, m, xx, 0.25, true, new Rng(4)); return Project(o, r[..50]); },
            dx[..50], "dropout dx");
        Dropout<double>.Forward(o1, m1, x, 0.25, training: false, new Rng(4));
        Assert.Equal(x, o1);
    }
}
