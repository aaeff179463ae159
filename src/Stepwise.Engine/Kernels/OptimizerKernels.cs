using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Stepwise.Engine.Kernels;

/// <summary>
/// Float32 SGD and AdamW updates, Vector512 with a scalar tail computing the same expressions in the same order as
/// the generic loops (so the results equal theirs bit for bit), over fixed chunks of 16,384 parameters in parallel.
/// </summary>
internal sealed unsafe class OptimizerKernels : ChunkJob
{
    private const int Chunk = 16384;
    [ThreadStatic] private static OptimizerKernels? t_job;
    private float* _p, _g, _m, _v;
    private float _lr, _a, _b, _c, _d, _e, _f;
    private bool _adam, _first, _nesterov;

    /// <summary>SGD: g ← g + decay·p; with momentum b ← first ? g : μb + g, g ← nesterov ? g + μb : b; p ← p − lr·g.
    /// <paramref name="state"/> is empty without momentum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sgd(Span<float> p, ReadOnlySpan<float> g, Span<float> state, float lr, float momentum, float decay, bool nesterov, bool first)
    {
        if (g.Length < p.Length || (!state.IsEmpty && state.Length < p.Length)) throw new ArgumentException("gradients and state need one value per parameter", nameof(g));
        fixed (float* pp = p, pg = g, ps = state)
        {
            var job = t_job ??= new OptimizerKernels();
            job._adam = false;
            job._p = pp;
            job._g = pg;
            job._m = state.IsEmpty ? null : ps;
            (job._lr, job._a, job._b, job._nesterov, job._first) = (lr, momentum, decay, nesterov, first);
            job.RunChunks(p.Length, Chunk, 4 * Chunk);
        }
    }

    /// <summary>AdamW with bias corrections c1 = 1 − β₁ᵗ, c2 = 1 − β₂ᵗ and shrink = 1 − lr·wd.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AdamW(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float lr, float b1, float b2, float eps, float c1, float c2, float shrink)
    {
        if (g.Length < p.Length || m.Length < p.Length || v.Length < p.Length) throw new ArgumentException("gradients and moments need one value per parameter", nameof(g));
        fixed (float* pp = p, pg = g, pm = m, pv = v)
        {
            var job = t_job ??= new OptimizerKernels();
            job._adam = true;
            job._p = pp;
            job._g = pg;
            job._m = pm;
            job._v = pv;
            (job._lr, job._a, job._b, job._c, job._d, job._e, job._f) = (lr, b1, b2, eps, c1, c2, shrink);
            job.RunChunks(p.Length, Chunk, 4 * Chunk);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Process(int start, int end)
    {
        if (_adam) Adam(start, end);
        else Sgd(start, end);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Sgd(int start, int end)
    {
        unchecked
        {
            float* p = _p, g = _g, s = _m;
            float lr = _lr, mu = _a, decay = _b;
            int i = start;
            if (Vector512.IsHardwareAccelerated)
            {
                Vector512<float> vlr = Vector512.Create(lr), vmu = Vector512.Create(mu), vd = Vector512.Create(decay);
                for (; i + 16 <= end; i += 16)
                {
                    Vector512<float> pi = Vector512.Load(p + i), gi = Vector512.Load(g + i) + vd * pi;
                    if (s != null)
                    {
                        Vector512<float> bi = _first ? gi : vmu * Vector512.Load(s + i) + gi;
                        bi.Store(s + i);
                        gi = _nesterov ? gi + vmu * bi : bi;
                    }
                    (pi - vlr * gi).Store(p + i);
                }
            }
            for (; i < end; i++)
            {
                float gi = g[i] + decay * p[i];
                if (s != null)
                {
                    float bi = _first ? gi : mu * s[i] + gi;
                    s[i] = bi;
                    gi = _nesterov ? gi + mu * bi : bi;
                }
                p[i] -= lr * gi;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Adam(int start, int end)
    {
        unchecked
        {
            float* p = _p, g = _g, m = _m, v = _v;
            float lr = _lr, b1 = _a, b2 = _b, eps = _c, c1 = _d, c2 = _e, shrink = _f;
            float nb1 = 1f - b1, nb2 = 1f - b2;
            int i = start;
            if (Vector512.IsHardwareAccelerated)
            {
                Vector512<float> vlr = Vector512.Create(lr), vb1 = Vector512.Create(b1), vb2 = Vector512.Create(b2), vn1 = Vector512.Create(nb1), vn2 = Vector512.Create(nb2);
                Vector512<float> veps = Vector512.Create(eps), vc1 = Vector512.Create(c1), vc2 = Vector512.Create(c2), vs = Vector512.Create(shrink);
                for (; i + 16 <= end; i += 16)
                {
                    Vector512<float> gi = Vector512.Load(g + i), pi = Vector512.Load(p + i) * vs;
                    Vector512<float> mi = vb1 * Vector512.Load(m + i) + vn1 * gi;
                    Vector512<float> vi = vb2 * Vector512.Load(v + i) + vn2 * gi * gi;
                    mi.Store(m + i);
                    vi.Store(v + i);
                    (pi - vlr * (mi / vc1) / (Vector512.Sqrt(vi / vc2) + veps)).Store(p + i);
                }
            }
            for (; i < end; i++)
            {
                float gi = g[i], pi = p[i] * shrink;
                float mi = b1 * m[i] + nb1 * gi;
                float vi = b2 * v[i] + nb2 * gi * gi;
                m[i] = mi;
                v[i] = vi;
                p[i] = pi - lr * (mi / c1) / (MathF.Sqrt(vi / c2) + eps);
            }
        }
    }
}
