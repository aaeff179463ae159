using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Stepwise.Engine.Kernels;

/// <summary>
/// Float32 softmax cross-entropy rows (vectorized, lanes by index), in parallel over fixed chunks of rows: rows are
/// independent, and the mean loss is summed afterwards in row order by the caller.
/// </summary>
internal sealed unsafe class SoftmaxKernels : ChunkJob
{
    [ThreadStatic] private static SoftmaxKernels? t_job;
    private float* _probs, _losses, _logits, _dlogits, _multipliers;
    private int* _targets;
    private int _classes, _ignore, _rowsPerMultiplier;
    private float _scale;
    private bool _backward;

    /// <summary>probs (B, C) = softmax(logits); losses[i] = log Σ exp(z − max) − (z_y − max), 0 where ignored.
    /// Returns the first out-of-range target (or null).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int? Forward(Span<float> probs, Span<float> losses, ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, int batch, int classes, int ignoreIndex)
    {
        long size = (long)batch * classes;
        if (probs.Length < size || logits.Length < size || losses.Length < batch || targets.Length < batch) throw new ArgumentException($"softmax buffers too short for (B, C) = ({batch}, {classes})");
        for (int i = 0; i < batch; i++)
        {
            int y = targets[i];
            if (y != ignoreIndex && (y < 0 || y >= classes)) return y;
        }
        fixed (float* pp = probs, pl = losses, pz = logits)
        fixed (int* pt = targets)
        {
            var job = Get(pt, classes, ignoreIndex);
            job._backward = false;
            job._probs = pp;
            job._losses = pl;
            job._logits = pz;
            job.RunChunks(batch, 16, 64);
        }
        return null;
    }

    /// <summary>dlogits += s·(p − onehot(y)) for rows whose target is not ignored, with s = scale, or, when
    /// <paramref name="multipliers"/> is not empty, s = scale·multipliers[r / rowsPerMultiplier] for row r.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Span<float> dlogits, ReadOnlySpan<float> probs, ReadOnlySpan<int> targets, int batch, int classes, float scale,
        ReadOnlySpan<float> multipliers, int rowsPerMultiplier, int ignoreIndex)
    {
        long size = (long)batch * classes;
        if (dlogits.Length < size || probs.Length < size || targets.Length < batch) throw new ArgumentException($"softmax buffers too short for (B, C) = ({batch}, {classes})");
        if (!multipliers.IsEmpty)
        {
            if (rowsPerMultiplier < 1) throw new ArgumentOutOfRangeException(nameof(rowsPerMultiplier), rowsPerMultiplier, "must be ≥ 1");
            long groups = (batch + (long)rowsPerMultiplier - 1) / rowsPerMultiplier;
            if (multipliers.Length < groups) throw new ArgumentException($"{batch} rows in groups of {rowsPerMultiplier} need {groups} multipliers, got {multipliers.Length}", nameof(multipliers));
        }
        fixed (float* pd = dlogits, pp = probs, pm = multipliers)
        fixed (int* pt = targets)
        {
            var job = Get(pt, classes, ignoreIndex);
            job._backward = true;
            job._dlogits = pd;
            job._probs = pp;
            job._scale = scale;
            job._multipliers = multipliers.IsEmpty ? null : pm;
            job._rowsPerMultiplier = rowsPerMultiplier;
            job.RunChunks(batch, 16, 64);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SoftmaxKernels Get(int* targets, int classes, int ignore)
    {
        var job = t_job ??= new SoftmaxKernels();
        job._targets = targets;
        (job._classes, job._ignore) = (classes, ignore);
        return job;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Process(int start, int end)
    {
        unchecked
        {
            int c = _classes;
            for (int r = start; r < end; r++)
            {
                int y = _targets[r];
                float* p = _probs + (nint)r * c;
                if (_backward)
                {
                    if (y == _ignore) continue;
                    float* d = _dlogits + (nint)r * c;
                    float s = _multipliers == null ? _scale : _scale * _multipliers[r / _rowsPerMultiplier];
                    int k = 0;
                    var vs = Vector512.Create(s);
                    for (; k + 16 <= c; k += 16) Vector512.FusedMultiplyAdd(vs, Vector512.Load(p + k), Vector512.Load(d + k)).Store(d + k);
                    for (; k < c; k++) d[k] = MathF.FusedMultiplyAdd(s, p[k], d[k]);
                    d[y] -= s;
                    continue;
                }
                float* z = _logits + (nint)r * c;
                new ReadOnlySpan<float>(z, c).CopyTo(new Span<float>(p, c));
                float max = RowOps.Max(p, c);
                float total = RowOps.ExpSum(p, c, 1f, max);
                RowOps.Scale(p, c, 1f / total);
                _losses[r] = y == _ignore ? 0f : MathF.Log(total) - (z[y] - max);
            }
        }
    }
}
