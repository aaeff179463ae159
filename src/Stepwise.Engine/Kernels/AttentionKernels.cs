using System.Runtime.CompilerServices;
namespace Stepwise.Engine.Kernels;

/// <summary>
/// Float32 causal self-attention on packed qkv (B, T, 3C), one task per (batch, head) pair (tasks write disjoint
/// outputs; no reduction crosses pairs), each a few single-threaded GEMMs on strided views plus row softmaxes.
/// Rows are taken in blocks of 64 and each block's products stop at the causal limit, so no work is spent on the
/// masked upper triangle beyond the block diagonal.
/// </summary>
internal sealed unsafe class AttentionKernels : ChunkJob
{
    private const int Rb = 64;
    [ThreadStatic] private static AttentionKernels? t_job;
    [ThreadStatic] private static float[]? t_scratch;
    private float* _out, _att, _qkv, _dout, _dqkv;
    private int _t, _c, _nh, _mode;

    /// <summary>out (B, T, C), att (B, NH, T, T) from qkv (B, T, 3C).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Span<float> output, Span<float> att, ReadOnlySpan<float> qkv, int batch, int time, int channels, int heads)
    {
        Check(output.Length, att.Length, qkv.Length, batch, time, channels, heads);
        fixed (float* po = output, pa = att, pq = qkv)
        {
            var job = Get(0, pa, pq, time, channels, heads);
            job._out = po;
            job.RunChunks(batch * heads, 1, 2);
        }
    }

    /// <summary>dqkv (B, T, 3C) += from doutput (B, T, C), qkv and att.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Span<float> dqkv, ReadOnlySpan<float> doutput, ReadOnlySpan<float> qkv, ReadOnlySpan<float> att, int batch, int time, int channels, int heads)
    {
        Check(doutput.Length, att.Length, Math.Min(qkv.Length, dqkv.Length), batch, time, channels, heads);
        fixed (float* pd = dqkv, pdo = doutput, pq = qkv, pa = att)
        {
            var job = Get(1, pa, pq, time, channels, heads);
            job._dqkv = pd;
            job._dout = pdo;
            job.RunChunks(batch * heads, 1, 2);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Check(int output, int att, int qkv, int batch, int time, int channels, int heads)
    {
        if (batch < 0 || time < 1 || heads < 1 || channels % heads != 0) throw new ArgumentException($"bad attention shape (B, T, C, NH) = ({batch}, {time}, {channels}, {heads})");
        long n = (long)batch * time;
        if (output < n * channels || qkv < n * 3 * channels || att < n * heads * time)
        {
            throw new ArgumentException($"attention buffers too short for (B, T, C, NH) = ({batch}, {time}, {channels}, {heads})");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static AttentionKernels Get(int mode, float* att, float* qkv, int t, int c, int nh)
    {
        var job = t_job ??= new AttentionKernels();
        (job._mode, job._t, job._c, job._nh) = (mode, t, c, nh);
        job._att = att;
        job._qkv = qkv;
        return job;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Process(int start, int end)
    {
        for (int pair = start; pair < end; pair++)
        {
            if (_mode == 0) ForwardPair(pair);
            else BackwardPair(pair);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ForwardPair(int pair)
    {
        unchecked
        {
            int t = _t, c = _c, c3 = 3 * c, hs = c / _nh, b = pair / _nh, h = pair % _nh;
            GemmIsa isa = Gemm.Best;
            float scale = 1f / MathF.Sqrt(hs);
            float* q = _qkv + (nint)b * t * c3 + h * hs, k = q + c, v = q + 2 * c;
            float* att = _att + (nint)pair * t * t, o = _out + (nint)b * t * c + h * hs;
            for (int i0 = 0; i0 < t; i0 += Rb)
            {
                int i1 = Math.Min(t, i0 + Rb);
                // preatt rows i0..i1−1, keys 0..i1−1: q·kᵀ
                Gemm.Block(isa, att, t, q, c3, 1, k, 1, c3, i0, i1, 0, i1, hs, accumulate: false);
                for (int i = i0; i < i1; i++)
                {
                    float* row = att + (nint)i * t;
                    int padded = (i + 16) & ~15; // ⌈(i + 1)/16⌉·16
                    if (padded <= t)
                    {
                        RowOps.SoftmaxPadded(row, i + 1, scale);
                    }
                    else
                    {
                        float max = RowOps.Max(row, i + 1) * scale;
                        float sum = RowOps.ExpSum(row, i + 1, scale, max);
                        RowOps.Scale(row, i + 1, 1f / sum);
                        padded = i + 1;
                    }
                    new Span<float>(row + padded, t - padded).Clear();
                }
                // out rows i0..i1−1 = att·v over keys 0..i1−1
                Gemm.Block(isa, o, c, att, t, 1, v, c3, 1, i0, i1, 0, hs, i1, accumulate: false);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BackwardPair(int pair)
    {
        unchecked
        {
            int t = _t, c = _c, c3 = 3 * c, hs = c / _nh, b = pair / _nh, h = pair % _nh;
            GemmIsa isa = Gemm.Best;
            float scale = 1f / MathF.Sqrt(hs);
            float[] scratch = t_scratch is { } s && s.Length >= t * t ? s : (t_scratch = new float[t * t]);
            nint qOff = (nint)b * t * c3 + h * hs;
            float* q = _qkv + qOff, k = q + c, v = q + 2 * c, dq = _dqkv + qOff, dk = dq + c, dv = dq + 2 * c;
            float* att = _att + (nint)pair * t * t, dout = _dout + (nint)b * t * c + h * hs;
            fixed (float* datt = scratch)
            {
                for (int i0 = 0; i0 < t; i0 += Rb)
                {
                    int i1 = Math.Min(t, i0 + Rb);
                    // datt rows i0..i1−1 = dout·vᵀ (keys 0..i1−1), then softmax backward in place
                    Gemm.Block(isa, datt, t, dout, c, 1, v, 1, c3, i0, i1, 0, i1, hs, accumulate: false);
                    for (int i = i0; i < i1; i++)
                    {
                        float* a = att + (nint)i * t, d = datt + (nint)i * t;
                        int padded = (i + 16) & ~15;
                        if (padded <= t)
                        {
                            RowOps.SoftmaxBackwardPadded(a, d, i + 1, scale);
                        }
                        else
                        {
                            float dot = RowOps.Dot(a, d, i + 1);
                            for (int j = 0; j <= i; j++) d[j] = a[j] * (d[j] - dot) * scale;
                            padded = i + 1;
                        }
                        new Span<float>(d + padded, t - padded).Clear();
                    }
                }
                for (int i0 = 0; i0 < t; i0 += Rb)
                {
                    int i1 = Math.Min(t, i0 + Rb);
                    // dq rows i0..i1−1 += dpre·k over keys 0..i1−1
                    Gemm.Block(isa, dq, c3, datt, t, 1, k, c3, 1, i0, i1, 0, hs, i1, accumulate: true);
                    // dv, dk rows (keys) i0..i1−1 += attᵀ·dout, dpreᵀ·q over queries i0..T−1
                    nint skip = (nint)i0 * t;
                    Gemm.Block(isa, dv, c3, att + skip, 1, t, dout + (nint)i0 * c, c, 1, i0, i1, 0, hs, t - i0, accumulate: true);
                    Gemm.Block(isa, dk, c3, datt + skip, 1, t, q + (nint)i0 * c3, c3, 1, i0, i1, 0, hs, t - i0, accumulate: true);
                }
            }
        }
    }
}
