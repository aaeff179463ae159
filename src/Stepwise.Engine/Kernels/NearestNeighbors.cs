using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Stepwise.Engine.Kernels;

/// <summary>
/// Exact k nearest neighbours by Euclidean distance, rows of float32 points (n, d), by blocked GEMM on the engine's
/// kernel (<see cref="Sgemm"/>'s packed microkernels) with a partial selection: for a block of 192 queries and 512
/// points, G = Q·Xᵀ is one single-threaded GEMM tile; each query row keeps, in one pass over its tile, the points whose
/// score ‖x‖² − 2·q·x (float32) lies within a proven rounding margin of its k-th best so far; the survivors are ranked by
/// their squared distance Σ_p (q_p − x_p)² computed in float64 in dimension order, ties by the lower point index.
/// </summary>
/// <remarks>
/// <para><b>Exact.</b> The result is the k smallest float64 squared distances with ties by index, the same as a
/// brute-force scan computing each distance in that order (<see cref="SquaredDistance"/>). The float32 score of point j
/// differs from ‖q − x_j‖² − ‖q‖² by at most E = (2d + 16)·2⁻²⁴·(‖q‖ + max‖x‖)² (the GEMM's dot product error,
/// γ_d·‖q‖‖x‖ for any summation order, doubled, plus the norm and the subtraction; float64's own error is far below);
/// a point whose score exceeds the k-th best score by more than 2E is farther than the k-th neighbour and is dropped,
/// so the float64 ranking sees every true neighbour. A query whose margin list overflows (many points within 2E of
/// its k-th best: exact duplicates, as the embedding states of one token at one position) is ranked by a float64 scan
/// of every point instead.</para>
/// <para><b>Deterministic.</b> Queries are split into fixed blocks of 192 rows, one task each; a GEMM tile's values
/// depend only on the ISA (<see cref="Sgemm"/>), and every selection is a function of its row alone, so results are
/// bitwise identical for any <see cref="EngineThreads.Count"/>.</para>
/// <para><b>Cost.</b> 2·m·n·d flops of GEMM plus one vector compare per score; the tile (192 × 512 floats) and the
/// packed panels stay in L2.</para>
/// </remarks>
public static unsafe class NearestNeighbors
{
    /// <summary>Queries per task (a multiple of every ISA's register-tile height).</summary>
    internal const int QueryBlock = 192;

    /// <summary>Points per GEMM tile (a multiple of every ISA's register-tile width).</summary>
    internal const int PointBlock = 512;

    /// <summary>
    /// The <paramref name="k"/> nearest other points of every point of <paramref name="points"/> (n, d): row i of
    /// <paramref name="neighbors"/> (n, k) holds the indices j ≠ i in increasing (squared distance, index) order, and
    /// <paramref name="squaredDistances"/> (n, k, or empty) their float64 squared distances.
    /// </summary>
    /// <exception cref="ArgumentException">A shape is inconsistent, k is outside 1..n−1, or a value is not finite.</exception>
    public static void SearchSelf(ReadOnlySpan<float> points, int n, int d, int k, Span<int> neighbors, Span<double> squaredDistances = default) =>
        Search(points, n, points, n, d, k, neighbors, squaredDistances, excludeSameIndex: true);

    /// <summary>
    /// The <paramref name="k"/> nearest points of <paramref name="points"/> (n, d) to each row of
    /// <paramref name="queries"/> (m, d): row i of <paramref name="neighbors"/> (m, k) holds point indices in increasing
    /// (squared distance, index) order, and <paramref name="squaredDistances"/> (m, k, or empty) the float64 squared
    /// distances. With <paramref name="excludeSameIndex"/>, point i is never a neighbour of query i (queries and points
    /// are then the same rows: the self-excluded search).
    /// </summary>
    /// <exception cref="ArgumentException">A shape is inconsistent, k is outside 1..n (1..n−1 when excluding), or a
    /// value is not finite.</exception>
    public static void Search(ReadOnlySpan<float> queries, int m, ReadOnlySpan<float> points, int n, int d, int k,
        Span<int> neighbors, Span<double> squaredDistances, bool excludeSameIndex)
    {
        if (m < 0 || n < 1 || d < 1) throw new ArgumentException($"shape (m, n, d) = ({m}, {n}, {d}): need m ≥ 0, n ≥ 1, d ≥ 1");
        int available = excludeSameIndex ? n - 1 : n;
        if (k < 1 || k > available) throw new ArgumentException($"k = {k} must be in 1..{available} ({n} points{(excludeSameIndex ? ", self excluded" : "")})", nameof(k));
        if (excludeSameIndex && m != n) throw new ArgumentException($"a self-excluded search has as many queries as points, got {m} and {n}", nameof(queries));
        if (queries.Length < (long)m * d) throw new ArgumentException($"queries needs {(long)m * d} values, has {queries.Length}", nameof(queries));
        if (points.Length < (long)n * d) throw new ArgumentException($"points needs {(long)n * d} values, has {points.Length}", nameof(points));
        if (neighbors.Length < (long)m * k) throw new ArgumentException($"neighbors needs {(long)m * k} values, has {neighbors.Length}", nameof(neighbors));
        if (!squaredDistances.IsEmpty && squaredDistances.Length < (long)m * k)
            throw new ArgumentException($"squaredDistances needs {(long)m * k} values, has {squaredDistances.Length}", nameof(squaredDistances));
        if (m == 0) return;
        float[] pointNorms = new float[n];
        double maxNorm = Norms(points, n, d, pointNorms, "points");
        double[] queryNorms = new double[m];
        for (int i = 0; i < m; i++)
        {
            double s = 0;
            var q = queries.Slice(i * d, d);
            for (int p = 0; p < d; p++) s += (double)q[p] * q[p];
            if (!double.IsFinite(s)) throw new ArgumentException($"query {i} has a value that is not finite (or too large)", nameof(queries));
            queryNorms[i] = Math.Sqrt(s);
        }
        fixed (float* pq = queries, px = points)
        fixed (int* pn = neighbors)
        fixed (double* pd = squaredDistances)
        {
            var job = new KnnJob(pq, m, px, n, d, k, pointNorms, queryNorms, maxNorm, excludeSameIndex, pn, squaredDistances.IsEmpty ? null : pd);
            EngineThreads.Run(job, (m + QueryBlock - 1) / QueryBlock);
        }
    }

    /// <summary>Σ_p (a_p − b_p)² in float64, p in order: the distance every ranking uses.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int p = 0; p < a.Length; p++)
        {
            double t = (double)a[p] - b[p];
            s += t * t;
        }
        return s;
    }

    /// <summary>‖x_j‖² rounded to float32 into <paramref name="norms"/>; returns max ‖x_j‖.</summary>
    private static double Norms(ReadOnlySpan<float> x, int n, int d, float[] norms, string name)
    {
        double max = 0;
        for (int j = 0; j < n; j++)
        {
            double s = 0;
            var row = x.Slice(j * d, d);
            for (int p = 0; p < d; p++) s += (double)row[p] * row[p];
            if (!double.IsFinite(s) || s > float.MaxValue / 4) throw new ArgumentException($"{name} row {j} has a value that is not finite (or too large)", name);
            norms[j] = (float)s;
            max = Math.Max(max, Math.Sqrt(s));
        }
        return max;
    }

    /// <summary>One task per block of <see cref="QueryBlock"/> queries.</summary>
    private sealed class KnnJob : ParallelJob
    {
        private readonly float* _q, _x;
        private readonly int _m, _n, _d, _k;
        private readonly float[] _pointNorms;
        private readonly double[] _queryNorms;
        private readonly double _maxNorm;
        private readonly bool _exclude;
        private readonly int* _out;
        private readonly double* _dist;

        public KnnJob(float* q, int m, float* x, int n, int d, int k, float[] pointNorms, double[] queryNorms, double maxNorm, bool exclude, int* output, double* dist)
        {
            _q = q;
            _x = x;
            _out = output;
            _dist = dist;
            (_m, _n, _d, _k) = (m, n, d, k);
            (_pointNorms, _queryNorms, _maxNorm, _exclude) = (pointNorms, queryNorms, maxNorm, exclude);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Execute(int index)
        {
            int q0 = index * QueryBlock, rows = Math.Min(QueryBlock, _m - q0);
            int cap = MarginList.Capacity(_k);
            var s = KnnScratch.For(QueryBlock * PointBlock, QueryBlock * cap);
            var lists = new MarginList[rows];
            double unit = Math.ScaleB(1.0, -24);
            for (int r = 0; r < rows; r++)
            {
                double reach = _queryNorms[q0 + r] + _maxNorm;
                // E: the score's rounding bound; the slack term covers float64's own rounding of the distances.
                float margin = (float)(2 * ((2.0 * _d + 16) * unit * reach * reach + 1e-12 * reach * reach));
                lists[r] = new MarginList(r * cap, cap, _k, margin);
            }
            var isa = Gemm.Best;
            fixed (float* tile = s.Tile, scores = s.Scores)
            fixed (int* ids = s.Ids)
            fixed (float* norms = _pointNorms)
            {
                for (int c0 = 0; c0 < _n; c0 += PointBlock)
                {
                    int cols = Math.Min(PointBlock, _n - c0);
                    // tile (rows, cols) = Q_block · X_blockᵀ: A(i, p) = q[(q0+i)·d + p], B(p, j) = x[(c0+j)·d + p]
                    Gemm.Block(isa, tile, PointBlock, _q + (nint)q0 * _d, _d, 1, _x + (nint)c0 * _d, 1, _d, 0, rows, 0, cols, _d, accumulate: false);
                    for (int r = 0; r < rows; r++)
                    {
                        if (lists[r].Overflowed) continue;
                        int self = _exclude ? q0 + r - c0 : -1;
                        Scan(ref lists[r], tile + (nint)r * PointBlock, norms + c0, cols, c0, self, scores, ids);
                    }
                }
                for (int r = 0; r < rows; r++) Finish(ref lists[r], q0 + r, scores, ids);
            }
        }

        /// <summary>Offers the scores ‖x_j‖² − 2·g_j of one tile row to the row's margin list, 16 at a time.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Scan(ref MarginList list, float* g, float* norms, int cols, int c0, int self, float* scores, int* ids)
        {
            unchecked
            {
                int j = 0;
                if (Vector512.IsHardwareAccelerated)
                {
                    Vector512<float> minus2 = Vector512.Create(-2f);
                    for (; j + 16 <= cols; j += 16)
                    {
                        Vector512<float> v = Vector512.FusedMultiplyAdd(minus2, Vector512.Load(g + j), Vector512.Load(norms + j));
                        ulong bits = Vector512.ExtractMostSignificantBits(Vector512.LessThanOrEqual(v, Vector512.Create(list.Threshold)));
                        while (bits != 0)
                        {
                            int lane = System.Numerics.BitOperations.TrailingZeroCount(bits);
                            bits &= bits - 1;
                            if (j + lane != self) list.Offer(v.GetElement(lane), c0 + j + lane, scores, ids);
                            if (list.Overflowed) return;
                        }
                    }
                }
                else if (Vector256.IsHardwareAccelerated)
                {
                    Vector256<float> minus2 = Vector256.Create(-2f);
                    for (; j + 8 <= cols; j += 8)
                    {
                        Vector256<float> v = Vector256.FusedMultiplyAdd(minus2, Vector256.Load(g + j), Vector256.Load(norms + j));
                        uint bits = Vector256.ExtractMostSignificantBits(Vector256.LessThanOrEqual(v, Vector256.Create(list.Threshold)));
                        while (bits != 0)
                        {
                            int lane = System.Numerics.BitOperations.TrailingZeroCount(bits);
                            bits &= bits - 1;
                            if (j + lane != self) list.Offer(v.GetElement(lane), c0 + j + lane, scores, ids);
                            if (list.Overflowed) return;
                        }
                    }
                }
                for (; j < cols; j++)
                {
                    float v = MathF.FusedMultiplyAdd(-2f, g[j], norms[j]);
                    if (v <= list.Threshold && j != self)
                    {
                        list.Offer(v, c0 + j, scores, ids);
                        if (list.Overflowed) return;
                    }
                }
            }
        }

        /// <summary>Ranks the row's candidates (or, after an overflow, every point) by float64 squared distance, ties by
        /// index, and writes the first k.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Finish(ref MarginList list, int query, float* scores, int* ids)
        {
            int k = _k, d = _d;
            var q = new ReadOnlySpan<float>(_q + (nint)query * d, d);
            Span<(double Distance, int Index)> best = k <= 64 ? stackalloc (double, int)[k] : new (double, int)[k];
            int count = 0;
            static void Consider(int j, ReadOnlySpan<float> q, float* x, int d, Span<(double Distance, int Index)> best, ref int count)
            {
                double dist = SquaredDistance(q, new ReadOnlySpan<float>(x + (nint)j * d, d));
                // insertion into the sorted best list, keeping (distance, index) order
                if (count == best.Length && (dist > best[count - 1].Distance || (dist == best[count - 1].Distance && j > best[count - 1].Index))) return;
                int at = count == best.Length ? count - 1 : count++;
                while (at > 0 && (best[at - 1].Distance > dist || (best[at - 1].Distance == dist && best[at - 1].Index > j)))
                {
                    best[at] = best[at - 1];
                    at--;
                }
                best[at] = (dist, j);
            }
            if (list.Overflowed)
            {
                for (int j = 0; j < _n; j++)
                {
                    if (_exclude && j == query) continue;
                    Consider(j, q, _x, d, best, ref count);
                }
            }
            else
            {
                for (int c = 0; c < list.Count; c++) Consider(ids[list.Offset + c], q, _x, d, best, ref count);
            }
            for (int c = 0; c < k; c++)
            {
                _out[(nint)query * k + c] = best[c].Index;
                if (_dist != null) _dist[(nint)query * k + c] = best[c].Distance;
            }
        }
    }

    /// <summary>
    /// One query's candidates, sorted by (score, index): every point offered so far whose score is at most the k-th
    /// smallest score offered so far plus the margin 2E (all of them while fewer than k were offered).
    /// </summary>
    private struct MarginList
    {
        private readonly int _cap, _k;
        private readonly float _margin;

        public MarginList(int offset, int cap, int k, float margin)
        {
            (Offset, _cap, _k, _margin) = (offset, cap, k, margin);
            Threshold = float.PositiveInfinity;
        }

        /// <summary>The list's first slot in the task's score and index buffers.</summary>
        public int Offset { get; }

        /// <summary>Entries held.</summary>
        public int Count { get; private set; }

        /// <summary>Scores above this cannot be among the k nearest (the k-th score + 2E; +∞ before k are held).</summary>
        public float Threshold { get; private set; }

        /// <summary>More candidates were within the margin than the list holds: the row is ranked by a full scan.</summary>
        public bool Overflowed { get; private set; }

        /// <summary>Slots per query: 2k + 32.</summary>
        public static int Capacity(int k) => checked(2 * k + 32);

        /// <summary>Inserts point <paramref name="index"/> (larger than every index offered before) with
        /// <paramref name="score"/> ≤ <see cref="Threshold"/>, then drops the entries the new threshold excludes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Offer(float score, int index, float* scores, int* ids)
        {
            if (Count == _cap)
            {
                Overflowed = true;
                return;
            }
            float* s = scores + Offset;
            int* id = ids + Offset;
            int at = Count;
            while (at > 0 && s[at - 1] > score)
            {
                s[at] = s[at - 1];
                id[at] = id[at - 1];
                at--;
            }
            s[at] = score;
            id[at] = index;
            Count++;
            if (Count < _k) return;
            Threshold = s[_k - 1] + _margin;
            while (Count > _k && s[Count - 1] > Threshold) Count--;
        }
    }

    /// <summary>One thread's tile and candidate buffers, grown on demand and reused.</summary>
    private sealed class KnnScratch
    {
        [ThreadStatic] private static KnnScratch? t_current;

        public float[] Tile { get; private set; } = [];
        public float[] Scores { get; private set; } = [];
        public int[] Ids { get; private set; } = [];

        public static KnnScratch For(int tile, int candidates)
        {
            var s = t_current ??= new KnnScratch();
            if (s.Tile.Length < tile) s.Tile = GC.AllocateUninitializedArray<float>(tile, pinned: true);
            if (s.Scores.Length < candidates)
            {
                s.Scores = new float[candidates];
                s.Ids = new int[candidates];
            }
            return s;
        }
    }
}
