using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Stepwise.Engine.Kernels;

/// <summary>
/// Float32 LayerNorm over rows of C: forward and the input gradient in parallel over fixed chunks of rows (rows are
/// independent), the weight and bias gradients in parallel over 16-column strips, each summing rows 0..N−1 in order
/// (the same order as a sequential loop), so every result is independent of the thread count.
/// </summary>
internal sealed unsafe class LayerNormKernels : ChunkJob
{
    private const float Eps = 1e-5f;
    [ThreadStatic] private static LayerNormKernels? t_job;
    private float* _out, _mean, _rstd, _in, _w, _b, _dout, _dw, _db;
    private int _c, _rows, _mode;

    /// <summary>out (N, C) = (x − mean)·rstd·w + b; caches mean (N) and rstd (N).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Span<float> output, Span<float> mean, Span<float> rstd, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int rows, int channels)
    {
        Check(Math.Min(output.Length, input.Length), Math.Min(mean.Length, rstd.Length), Math.Min(weight.Length, bias.Length), rows, channels);
        fixed (float* po = output, pm = mean, pr = rstd, px = input, pw = weight, pb = bias)
        {
            var job = Get(0, rows, channels, po, pm, pr, px, pw);
            job._b = pb;
            job.RunChunks(rows, 32, 64);
        }
    }

    /// <summary>dinput (N, C) +=, dweight (C) +=, dbias (C) += from doutput (N, C).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Span<float> dinput, Span<float> dweight, Span<float> dbias, ReadOnlySpan<float> doutput, ReadOnlySpan<float> input,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, int rows, int channels)
    {
        Check(Math.Min(Math.Min(dinput.Length, doutput.Length), input.Length), Math.Min(mean.Length, rstd.Length), Math.Min(Math.Min(weight.Length, dweight.Length), dbias.Length), rows, channels);
        fixed (float* pdx = dinput, pdw = dweight, pdb = dbias, pdo = doutput, px = input, pw = weight, pm = mean, pr = rstd)
        {
            var job = Get(1, rows, channels, pdx, pm, pr, px, pw);
            job._dout = pdo;
            job._dw = pdw;
            job._db = pdb;
            job.RunChunks(rows, 32, 64);
            job._mode = 2;
            job.RunChunks((channels + 15) / 16, 1, rows >= 256 ? 2 : int.MaxValue);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Check(int data, int stats, int parameters, int rows, int channels)
    {
        if (rows < 0 || channels < 1 || data < (long)rows * channels || stats < rows || parameters < channels)
        {
            throw new ArgumentException($"LayerNorm buffers too short for (N, C) = ({rows}, {channels})");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static LayerNormKernels Get(int mode, int rows, int c, float* o, float* m, float* r, float* x, float* w)
    {
        var job = t_job ??= new LayerNormKernels();
        (job._mode, job._rows, job._c) = (mode, rows, c);
        job._out = o;
        job._mean = m;
        job._rstd = r;
        job._in = x;
        job._w = w;
        return job;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Process(int start, int end)
    {
        unchecked
        {
            if (_mode == 2)
            {
                for (int strip = start; strip < end; strip++) ParamGrads(strip * 16, Math.Min(_c, strip * 16 + 16));
                return;
            }
            for (int r = start; r < end; r++)
            {
                if (_mode == 0) ForwardRow(r);
                else BackwardRow(r);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ForwardRow(int row)
    {
        unchecked
        {
            int c = _c, k = 0, vend = Vector512.IsHardwareAccelerated ? c - 15 : 0;
            float* x = _in + (nint)row * c, o = _out + (nint)row * c, w = _w, b = _b;
            Vector512<float> acc = Vector512<float>.Zero;
            float s = 0;
            for (; k < vend; k += 16) acc += Vector512.Load(x + k);
            for (; k < c; k++) s += x[k];
            float m = (Vector512.Sum(acc) + s) / c;
            acc = Vector512<float>.Zero;
            s = 0;
            var vm = Vector512.Create(m);
            for (k = 0; k < vend; k += 16)
            {
                Vector512<float> d = Vector512.Load(x + k) - vm;
                acc = Vector512.FusedMultiplyAdd(d, d, acc);
            }
            for (; k < c; k++) s += (x[k] - m) * (x[k] - m);
            float rs = 1f / MathF.Sqrt((Vector512.Sum(acc) + s) / c + Eps);
            var vr = Vector512.Create(rs);
            for (k = 0; k < vend; k += 16)
            {
                Vector512.FusedMultiplyAdd((Vector512.Load(x + k) - vm) * vr, Vector512.Load(w + k), Vector512.Load(b + k)).Store(o + k);
            }
            for (; k < c; k++) o[k] = (x[k] - m) * rs * w[k] + b[k];
            _mean[row] = m;
            _rstd[row] = rs;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BackwardRow(int row)
    {
        unchecked
        {
            int c = _c, k = 0, vend = Vector512.IsHardwareAccelerated ? c - 15 : 0;
            float* x = _in + (nint)row * c, dx = _out + (nint)row * c, dout = _dout + (nint)row * c, w = _w;
            float m = _mean[row], rs = _rstd[row];
            var vm = Vector512.Create(m);
            var vr = Vector512.Create(rs);
            Vector512<float> a1 = Vector512<float>.Zero, a2 = Vector512<float>.Zero;
            float s1 = 0, s2 = 0;
            for (; k < vend; k += 16)
            {
                Vector512<float> norm = (Vector512.Load(x + k) - vm) * vr, dnorm = Vector512.Load(w + k) * Vector512.Load(dout + k);
                a1 += dnorm;
                a2 = Vector512.FusedMultiplyAdd(dnorm, norm, a2);
            }
            for (; k < c; k++)
            {
                float norm = (x[k] - m) * rs, dnorm = w[k] * dout[k];
                s1 += dnorm;
                s2 += dnorm * norm;
            }
            float mean1 = (Vector512.Sum(a1) + s1) / c, mean2 = (Vector512.Sum(a2) + s2) / c;
            var v1 = Vector512.Create(mean1);
            var v2 = Vector512.Create(mean2);
            for (k = 0; k < vend; k += 16)
            {
                Vector512<float> norm = (Vector512.Load(x + k) - vm) * vr, dnorm = Vector512.Load(w + k) * Vector512.Load(dout + k);
                Vector512.FusedMultiplyAdd(dnorm - v1 - norm * v2, vr, Vector512.Load(dx + k)).Store(dx + k);
            }
            for (; k < c; k++)
            {
                float norm = (x[k] - m) * rs, dnorm = w[k] * dout[k];
                dx[k] += (dnorm - mean1 - norm * mean2) * rs;
            }
        }
    }

    /// <summary>dweight[k] += Σ_r norm·dout, dbias[k] += Σ_r dout for columns k0..k1−1, rows in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ParamGrads(int k0, int k1)
    {
        unchecked
        {
            int c = _c;
            float* dw = _dw, db = _db;
            if (k1 - k0 == 16 && Vector512.IsHardwareAccelerated)
            {
                Vector512<float> aw = Vector512.Load(dw + k0), ab = Vector512.Load(db + k0);
                for (int r = 0; r < _rows; r++)
                {
                    Vector512<float> d = Vector512.Load(_dout + (nint)r * c + k0);
                    Vector512<float> norm = (Vector512.Load(_in + (nint)r * c + k0) - Vector512.Create(_mean[r])) * Vector512.Create(_rstd[r]);
                    ab += d;
                    aw = Vector512.FusedMultiplyAdd(norm, d, aw);
                }
                aw.Store(dw + k0);
                ab.Store(db + k0);
                return;
            }
            for (int r = 0; r < _rows; r++)
            {
                float m = _mean[r], rs = _rstd[r];
                for (int k = k0; k < k1; k++)
                {
                    float d = _dout[(nint)r * c + k];
                    db[k] += d;
                    dw[k] = MathF.FusedMultiplyAdd((_in[(nint)r * c + k] - m) * rs, d, dw[k]);
                }
            }
        }
    }
}
