using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Stepwise.Engine.Kernels;

/// <summary>
/// Float32 ReLU and GELU (tanh approximation) forward and backward, Vector512 with a scalar tail, over fixed chunks of
/// 16,384 elements in parallel. GELU uses ½(1 + tanh u) = σ(2u): gelu(x) = x·σ(2u), u = √(2/π)(x + 0.044715x³), and
/// gelu′(x) = σ + 2xσ(1 − σ)u′.
/// </summary>
internal sealed unsafe class ActivationKernels : ChunkJob
{
    private const int Chunk = 16384;
    private const float C = 0.7978845608028654f, A = 0.044715f;
    [ThreadStatic] private static ActivationKernels? t_job;
    private float* _out, _in, _z;
    private int _op;

    /// <summary>a = relu(z) (op 0), a = gelu(z) (op 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(int op, Span<float> a, ReadOnlySpan<float> z)
    {
        if (a.Length < z.Length) throw new ArgumentException($"output needs {z.Length} values, has {a.Length}", nameof(a));
        fixed (float* pa = a, pz = z) Get(op, pa, null, pz).RunChunks(z.Length, Chunk, 2 * Chunk);
    }

    /// <summary>dz += da·relu′(z) (op 0), dz += da·gelu′(z) (op 1), dz = da·relu′(z) (op 2: dz is not read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(int op, Span<float> dz, ReadOnlySpan<float> da, ReadOnlySpan<float> z)
    {
        if (dz.Length < z.Length || da.Length < z.Length) throw new ArgumentException($"gradients need {z.Length} values", nameof(dz));
        fixed (float* pdz = dz, pda = da, pz = z) Get(op + 2, pdz, pda, pz).RunChunks(z.Length, Chunk, 2 * Chunk);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ActivationKernels Get(int op, float* o, float* i, float* z)
    {
        var job = t_job ??= new ActivationKernels();
        job._op = op;
        job._out = o;
        job._in = i;
        job._z = z;
        return job;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Process(int start, int end)
    {
        unchecked
        {
            float* o = _out, d = _in, z = _z;
            int i = start;
            int vend = Vector512.IsHardwareAccelerated ? end - 15 : start;
            switch (_op)
            {
                case 0:
                    for (; i < vend; i += 16) Vector512.Max(Vector512.Load(z + i), Vector512<float>.Zero).Store(o + i);
                    for (; i < end; i++) o[i] = MathF.Max(z[i], 0f); // as Vector512.Max: NaN stays NaN
                    break;
                case 1:
                    for (; i < vend; i += 16)
                    {
                        Vector512<float> x = Vector512.Load(z + i);
                        (x * Sigmoid2U(x)).Store(o + i);
                    }
                    for (; i < end; i++) o[i] = z[i] * Sigmoid2U(z[i]);
                    break;
                case 2:
                    for (; i < vend; i += 16)
                    {
                        Vector512<float> pos = Vector512.GreaterThan(Vector512.Load(z + i), Vector512<float>.Zero);
                        (Vector512.Load(o + i) + (Vector512.Load(d + i) & pos)).Store(o + i);
                    }
                    for (; i < end; i++) o[i] += z[i] > 0f ? d[i] : 0f;
                    break;
                case 4:
                    for (; i < vend; i += 16)
                    {
                        Vector512<float> pos = Vector512.GreaterThan(Vector512.Load(z + i), Vector512<float>.Zero);
                        (Vector512.Load(d + i) & pos).Store(o + i);
                    }
                    for (; i < end; i++) o[i] = z[i] > 0f ? d[i] : 0f;
                    break;
                default:
                    for (; i < vend; i += 16)
                    {
                        Vector512<float> x = Vector512.Load(z + i);
                        Vector512<float> s = Sigmoid2U(x);
                        Vector512<float> du = Vector512.Create(C) * Vector512.FusedMultiplyAdd(Vector512.Create(3 * A) * x, x, Vector512<float>.One);
                        Vector512<float> g = Vector512.FusedMultiplyAdd(Vector512.Create(2f) * x * s * (Vector512<float>.One - s), du, s);
                        Vector512.FusedMultiplyAdd(Vector512.Load(d + i), g, Vector512.Load(o + i)).Store(o + i);
                    }
                    for (; i < end; i++)
                    {
                        float x = z[i], s = Sigmoid2U(x);
                        float g = MathF.FusedMultiplyAdd(2f * x * s * (1f - s), C * MathF.FusedMultiplyAdd(3 * A * x, x, 1f), s);
                        o[i] = MathF.FusedMultiplyAdd(d[i], g, o[i]);
                    }
                    break;
            }
        }
    }

    /// <summary>σ(2u) = 1 / (1 + e^(−2u)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Sigmoid2U(Vector512<float> x)
    {
        Vector512<float> u = Vector512.Create(-2f * C) * Vector512.FusedMultiplyAdd(Vector512.Create(A) * x * x, x, x);
        return Vector512<float>.One / (Vector512<float>.One + RowOps.Exp(u));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Sigmoid2U(float x) => 1f / (1f + MathF.Exp(-2f * C * MathF.FusedMultiplyAdd(A * x * x, x, x)));
}
