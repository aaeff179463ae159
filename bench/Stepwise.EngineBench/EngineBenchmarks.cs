using Stepwise.Engine.Layers;
using Stepwise.Engine.Models;
using Stepwise.Engine.Optim;
using Stepwise.Engine;

namespace Stepwise.EngineBench;

/// <summary>
/// The measurements, each mirroring one PyTorch peer in bench/peers/ (same shapes, same work per call, same
/// optimizer). Each prints one JSON line with <c>value</c> in <c>unit</c>; bench/run.sh pairs it with the peer's line.
/// </summary>
internal static class EngineBenchmarks
{
    // MLP 784-512-512-10, batch 128 (bench/peers/mlp.py, per_sample.py, mlp_memory.py)
    private const int MlpInputs = 784, MlpClasses = 10, MlpBatch = 128;
    private static readonly int[] MlpHidden = [512, 512];
    private const float MlpLr = 0.01f;

    // TinyGpt 4 layers, 4 heads, width 128, context 128, vocab 256, batch 16 (bench/peers/tinygpt.py)
    private const int GptBatch = 16, GptTime = 128;
    private const float GptLr = 3e-4f;

    /// <summary>y = x·wᵀ with x, w, y all (n, n), the engine's forward product (<see cref="Linear.Forward"/> without bias);
    /// the peer is torch.mm(x, w.t(), out=y). GFLOP = 2·n³ per call.</summary>
    public static void Gemm(int n, Options o)
    {
        var rng = new Rng(1);
        float[] x = Gaussian(rng, n * n), w = Gaussian(rng, n * n), y = new float[n * n];
        Linear.Forward(y, x, w, ReadOnlySpan<float>.Empty, n, n, n);
        CheckGemm(y, x, w, n, rng);
        var (rate, calls, elapsed, mean) = Timing.Rate(() => Linear.Forward(y, x, w, ReadOnlySpan<float>.Empty, n, n, n), o.Seconds);
        double flop = 2.0 * n * (double)n * n;
        JsonLine.Emit($"gemm_{n}", "GFLOP/s", rate * flop / 1e9, o.Threads, ("calls", calls), ("seconds", elapsed), ("mean_value", mean * flop / 1e9), ("op", "ForwardNT y=x*w^T"));
    }

    /// <summary>One SGD training step (zero grad, forward, backward, update) of the MLP on a fixed random batch.</summary>
    public static void MlpTrain(Options o)
    {
        var (model, opt, x, targets) = NewMlp();
        var (rate, calls, elapsed, mean) = Timing.Rate(() => MlpStep(model, opt, x, targets), o.Seconds);
        JsonLine.Emit("mlp_train", "samples/s", rate * MlpBatch, o.Threads, ("calls", calls), ("seconds", elapsed), ("mean_value", mean * MlpBatch), ("peak_rss_bytes", Memory.PeakRssBytes()));
    }

    /// <summary>One AdamW training step of TinyGpt on fixed random tokens and targets.</summary>
    public static void TinyGptTrain(Options o)
    {
        var cfg = new TinyGptConfig(Vocab: 256, Context: GptTime, Layers: 4, Heads: 4, Channels: 128, Dropout: 0.0, TieWeights: true);
        var model = new TinyGpt<float>(cfg);
        var rng = new Rng(2);
        model.Initialize(rng);
        var opt = new AdamW<float>(model.Params.Length); // torch.optim.AdamW defaults: betas (0.9, 0.999), eps 1e-8, wd 0.01
        int[] tokens = RandomInts(rng, GptBatch * GptTime, cfg.Vocab), targets = RandomInts(rng, GptBatch * GptTime, cfg.Vocab);
        void Step()
        {
            model.ZeroGrad();
            model.Forward(tokens, targets, GptBatch, GptTime);
            model.Backward();
            opt.Step(model.Params, model.Grads, GptLr);
        }
        var (rate, calls, elapsed, mean) = Timing.Rate(Step, o.Seconds);
        JsonLine.Emit("tinygpt_train", "tokens/s", rate * GptBatch * GptTime, o.Threads, ("calls", calls), ("seconds", elapsed), ("mean_value", mean * GptBatch * GptTime), ("peak_rss_bytes", Memory.PeakRssBytes()));
    }

    /// <summary>⟨u, ∇ℓᵢ⟩ for all 128 samples of one batch of the MLP: a forward pass plus <see cref="Mlp{T}.PerSampleDot"/>.
    /// The peers do the same per batch by a loop of single-sample backward passes and by functorch vmap(grad).</summary>
    public static void PerSample(Options o)
    {
        var (model, _, x, targets) = NewMlp();
        float[] u = Gaussian(new Rng(3), model.Params.Length), dots = new float[MlpBatch];
        void Batch()
        {
            model.ForwardNoCopy(x, targets, MlpBatch);
            model.PerSampleDot(u, dots);
        }
        var (rate, calls, elapsed, mean) = Timing.Rate(Batch, o.Seconds);
        JsonLine.Emit("per_sample_dot", "batches/s", rate, o.Threads, ("calls", calls), ("seconds", elapsed), ("mean_value", mean));
    }

    /// <summary>Peak RSS (VmHWM) of a fresh process after <c>--steps</c> MLP training steps; also the RSS before the
    /// model exists (runtime started, nothing allocated).</summary>
    public static void MlpMemory(Options o)
    {
        long before = Memory.PeakRssBytes();
        var (model, opt, x, targets) = NewMlp();
        for (int i = 0; i < o.Steps; i++) MlpStep(model, opt, x, targets);
        long peak = Memory.PeakRssBytes();
        JsonLine.Emit("mlp_peak_memory", "bytes", peak, o.Threads, ("steps", o.Steps), ("peak_rss_before_model_bytes", before), ("rss_bytes", Memory.RssBytes()),
            ("gc_heap_bytes", GC.GetTotalMemory(false)), ("params", model.Params.Length));
    }

    /// <summary>Peak RSS of an idle process of this runtime (the .NET runtime started, this program loaded).</summary>
    public static void BaselineMemory(Options o) =>
        JsonLine.Emit("runtime_baseline_memory", "bytes", Memory.PeakRssBytes(), o.Threads, ("rss_bytes", Memory.RssBytes()));

    private static (Mlp<float> Model, Sgd<float> Opt, float[] X, int[] Targets) NewMlp()
    {
        var model = new Mlp<float>(MlpInputs, MlpHidden, MlpClasses);
        var rng = new Rng(0);
        model.Initialize(rng);
        var opt = new Sgd<float>(model.Params.Length); // plain SGD: no momentum, no weight decay (torch.optim.SGD(lr=0.01))
        return (model, opt, Gaussian(rng, MlpBatch * MlpInputs), RandomInts(rng, MlpBatch, MlpClasses));
    }

    private static void MlpStep(Mlp<float> model, Sgd<float> opt, float[] x, int[] targets)
    {
        model.ForwardNoCopy(x, targets, MlpBatch); // as the trainer does: the batch buffer is not changed before Backward
        model.Backward(1f, ReadOnlySpan<float>.Empty, GradientWrite.Overwrite); // as the trainer's first micro-batch: no ZeroGrad pass
        opt.Step(model.Params, model.Grads, MlpLr);
    }

    private static float[] Gaussian(Rng rng, int count)
    {
        var a = new float[count];
        for (int i = 0; i < a.Length; i++) a[i] = (float)rng.NextGaussian();
        return a;
    }

    private static int[] RandomInts(Rng rng, int count, int bound)
    {
        var a = new int[count];
        for (int i = 0; i < a.Length; i++) a[i] = (int)rng.NextLong(bound);
        return a;
    }

    /// <summary>A few entries of y against a float64 dot product, so that a broken kernel cannot report a fast time.</summary>
    private static void CheckGemm(float[] y, float[] x, float[] w, int n, Rng rng)
    {
        for (int s = 0; s < 16; s++)
        {
            int i = (int)rng.NextLong(n), j = (int)rng.NextLong(n);
            double expected = 0, scale = 0;
            for (int k = 0; k < n; k++)
            {
                expected += (double)x[i * n + k] * w[j * n + k];
                scale += Math.Abs((double)x[i * n + k] * w[j * n + k]);
            }
            if (Math.Abs(y[i * n + j] - expected) > 1e-5 * scale + 1e-6)
                throw new InvalidOperationException($"gemm check failed at ({i}, {j}): {y[i * n + j]} vs {expected}");
        }
    }
}
