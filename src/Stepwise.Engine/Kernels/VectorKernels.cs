using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Stepwise.Engine.Kernels;

/// <summary>
/// Elementwise passes over parameter-space vectors (hundreds of thousands of values, memory-bound), split into fixed
/// chunks run on the engine's threads: copies, float64 ↔ float32 conversions and the few float64 updates of the
/// influence recursion. Each element gets the same IEEE operations as the scalar expression in its documentation (no
/// fused multiply-add), so results are bitwise those of a scalar loop and independent of the thread count.
/// </summary>
public static unsafe class VectorKernels
{
    /// <summary>y[i] = x[i].</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Copy(ReadOnlySpan<float> x, Span<float> y)
    {
        Same(x.Length, y.Length);
        fixed (float* px = x, py = y) VectorJob.Run(VectorOp.Copy, x.Length, px, null, py, null, 0);
    }

    /// <summary>y[i] = (float)x[i], rounded to nearest (float32 overflow gives ±∞).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Narrow(ReadOnlySpan<double> x, Span<float> y)
    {
        Same(x.Length, y.Length);
        fixed (double* px = x) fixed (float* py = y) VectorJob.Run(VectorOp.Narrow, x.Length, null, px, py, null, 0);
    }

    /// <summary>y[i] = y[i] + (double)x[i].</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void AddWidened(ReadOnlySpan<float> x, Span<double> y)
    {
        Same(x.Length, y.Length);
        fixed (float* px = x) fixed (double* py = y) VectorJob.Run(VectorOp.AddWidened, x.Length, px, null, null, py, 0);
    }

    /// <summary>y[i] = x[i]·a.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Multiply(ReadOnlySpan<double> x, double a, Span<double> y)
    {
        Same(x.Length, y.Length);
        fixed (double* px = x, py = y) VectorJob.Run(VectorOp.Multiply, x.Length, null, px, null, py, a);
    }

    /// <summary>z[i] = x[i]·a + y[i] (rounded after the product and after the sum); z may be x or y.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void MultiplyAdd(ReadOnlySpan<double> x, double a, ReadOnlySpan<double> y, Span<double> z)
    {
        Same(x.Length, y.Length);
        Same(x.Length, z.Length);
        fixed (double* px = x, py = y, pz = z) VectorJob.Run(VectorOp.MultiplyAdd, x.Length, null, px, null, pz, a, py);
    }

    private static void Same(int a, int b)
    {
        if (a != b) throw new ArgumentException($"the vectors need the same length ({a} and {b})");
    }

    private enum VectorOp { Copy, Narrow, AddWidened, Multiply, MultiplyAdd }

    private sealed class VectorJob : ChunkJob
    {
        private const int Chunk = 16384;
        [ThreadStatic] private static VectorJob? t_job;
        private VectorOp _op;
        private float* _xf, _yf;
        private double* _xd, _yd, _addend;
        private double _a;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Run(VectorOp op, int length, float* xf, double* xd, float* yf, double* yd, double a, double* addend = null)
        {
            var job = t_job ??= new VectorJob();
            job._op = op;
            job._xf = xf;
            job._xd = xd;
            job._yf = yf;
            job._yd = yd;
            job._a = a;
            job._addend = addend;
            job.RunChunks(length, Chunk, 4 * Chunk);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        protected override void Process(int start, int end)
        {
            int n = end - start;
            switch (_op)
            {
                case VectorOp.Copy: new ReadOnlySpan<float>(_xf + start, n).CopyTo(new Span<float>(_yf + start, n)); break;
                case VectorOp.Narrow: Narrow(start, end); break;
                case VectorOp.AddWidened: AddWidened(start, end); break;
                case VectorOp.Multiply: Multiply(start, end); break;
                default: MultiplyAdd(start, end); break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Narrow(int start, int end)
        {
            double* x = _xd;
            float* y = _yf;
            int i = start;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i + 16 <= end; i += 16) Vector512.Narrow(Vector512.Load(x + i), Vector512.Load(x + i + 8)).Store(y + i);
            }
            for (; i < end; i++) y[i] = (float)x[i];
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void AddWidened(int start, int end)
        {
            float* x = _xf;
            double* y = _yd;
            int i = start;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i + 16 <= end; i += 16)
                {
                    var (lo, hi) = Vector512.Widen(Vector512.Load(x + i));
                    (Vector512.Load(y + i) + lo).Store(y + i);
                    (Vector512.Load(y + i + 8) + hi).Store(y + i + 8);
                }
            }
            for (; i < end; i++) y[i] += x[i];
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Multiply(int start, int end)
        {
            double* x = _xd, y = _yd;
            double a = _a;
            int i = start;
            if (Vector512.IsHardwareAccelerated)
            {
                var va = Vector512.Create(a);
                for (; i + 8 <= end; i += 8) (Vector512.Load(x + i) * va).Store(y + i);
            }
            for (; i < end; i++) y[i] = x[i] * a;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void MultiplyAdd(int start, int end)
        {
            double* x = _xd, y = _addend, z = _yd;
            double a = _a;
            int i = start;
            if (Vector512.IsHardwareAccelerated)
            {
                var va = Vector512.Create(a);
                for (; i + 8 <= end; i += 8) (Vector512.Load(x + i) * va + Vector512.Load(y + i)).Store(z + i);
            }
            for (; i < end; i++) z[i] = x[i] * a + y[i];
        }
    }
}
