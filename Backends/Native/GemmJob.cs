using System.Numerics;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// State of one GEMM call on one thread, with its two parallel steps (pack B, compute tiles) bound
/// once as delegates: a warm GEMM allocates nothing. Pointers are valid while the caller keeps the
/// operands pinned, which it does for the whole call (regions finish before it returns).
/// </summary>
internal sealed unsafe class GemmJob<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [ThreadStatic] private static GemmJob<T>? _current;

    public static GemmJob<T> ForThisThread() => _current ??= new GemmJob<T>();

    private readonly Action<int> _packB, _compute;
    private int _m, _n, _ldc;
    private T* _a, _b, _c, _bias, _packedB;
    private long _aRow, _aCol, _bRow, _bCol;
    // current block
    private int _j0, _nc, _p0, _kc, _packChunks, _mBlocks, _nBlocks;
    private bool _add, _direct, _directB;

    private GemmJob()
    {
        _packB = PackB;
        _compute = Compute;
    }

    /// <summary>
    /// Binds the operands. <paramref name="direct"/>: the kernel reads A in place instead of packing it;
    /// <paramref name="directB"/> (only with direct, B rows contiguous): B too, packing only a partial last column panel.
    /// </summary>
    public void Set(int m, int n, T* a, long aRow, long aCol, T* b, long bRow, long bCol, T* c, int ldc, bool direct, bool directB)
    {
        _direct = direct;
        _directB = directB;
        (_m, _n, _aRow, _aCol, _bRow, _bCol, _ldc) = (m, n, aRow, aCol, bRow, bCol, ldc);
        _a = a;
        _b = b;
        _c = c;
    }

    /// <summary>One (NC columns) x (KC depth) block: pack B, then all C tiles of these columns.</summary>
    public void Block(int j0, int nc, int p0, int kc, bool add, T* bias, int threads)
    {
        int nr = GemmKernel.NR<T>();
        int nPanels = (nc + nr - 1) / nr;
        (_j0, _nc, _p0, _kc, _add) = (j0, nc, p0, kc, add);
        _bias = bias;
        if (_directB)
        {
            // only a partial last panel needs packing (zero padding); full panels are read in place
            _packedB = null;
            if (nc % nr != 0)
            {
                _packedB = GemmBuffers<T>.B(nr * kc);
                GemmPacking.PackB(_b, _bRow, _bCol, _n, j0 + (nPanels - 1) * nr, p0, kc, nr, _packedB);
            }
        }
        else
        {
            _packedB = GemmBuffers<T>.B(nPanels * nr * kc);
            _packChunks = Math.Min(nPanels, threads);
            NativeParallel.Run(_packChunks, _packB);
        }
        (_mBlocks, _nBlocks) = Gemm.Split(_m, nc, nr, threads);
        NativeParallel.Run(_mBlocks * _nBlocks, _compute);
    }

    /// <summary>As <see cref="Block"/> with B already packed (the panels of these columns and this K slice, at <paramref name="packedB"/>).</summary>
    public void BlockPacked(int j0, int nc, int p0, int kc, bool add, T* bias, int threads, T* packedB)
    {
        (_j0, _nc, _p0, _kc, _add) = (j0, nc, p0, kc, add);
        _bias = bias;
        _packedB = packedB;
        (_mBlocks, _nBlocks) = Gemm.Split(_m, nc, GemmKernel.NR<T>(), threads);
        NativeParallel.Run(_mBlocks * _nBlocks, _compute);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackB(int chunk)
    {
        int nr = GemmKernel.NR<T>();
        int nPanels = (_nc + nr - 1) / nr;
        var (s, e) = NativeParallel.Range(nPanels, _packChunks, chunk);
        for (int jp = s; jp < e; jp++)
            GemmPacking.PackB(_b, _bRow, _bCol, _n, _j0 + jp * nr, _p0, _kc, nr, _packedB + (long)jp * nr * _kc);
    }

    // Item (mb, nb): rows of block mb times the column panels of part nb.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Compute(int item)
    {
        int mr = GemmKernel.MR, nr = GemmKernel.NR<T>();
        int mPanels = (_m + mr - 1) / mr, nPanels = (_nc + nr - 1) / nr;
        var (ip0, ip1) = NativeParallel.Range(mPanels, _mBlocks, item / _nBlocks);
        var (jp0, jp1) = NativeParallel.Range(nPanels, _nBlocks, item % _nBlocks);
        int kc = _kc;
        if (_direct)
        {
            ComputeDirect(ip0, ip1, jp0, jp1);
            return;
        }
        T* packedA = GemmBuffers<T>.A((ip1 - ip0) * mr * kc);
        for (int ip = ip0; ip < ip1; ip++)
            GemmPacking.PackA(_a, _aRow, _aCol, _m, ip * mr, _p0, kc, mr, packedA + (long)(ip - ip0) * mr * kc);
        for (int jp = jp0; jp < jp1; jp++)
        {
            int col = _j0 + jp * nr, cols = Math.Min(nr, _n - col);
            T* pb = _packedB + (long)jp * nr * kc;
            T* bias = _bias == null ? null : _bias + col;
            for (int ip = ip0; ip < ip1; ip++)
            {
                int row = ip * mr, rows = Math.Min(mr, _m - row);
                GemmKernel.Tile(kc, packedA + (long)(ip - ip0) * mr * kc, pb, _c + (long)row * _ldc + col, _ldc, rows, cols, _add, bias);
            }
        }
    }

    // Few rows: A is read in place by the row-generic kernel (no packing), B in place when its rows are contiguous.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ComputeDirect(int ip0, int ip1, int jp0, int jp1)
    {
        int mr = GemmKernel.MR, nr = GemmKernel.NR<T>(), kc = _kc;
        T* a = _a + _p0 * _aCol;
        for (int jp = jp0; jp < jp1; jp++)
        {
            int col = _j0 + jp * nr, cols = Math.Min(nr, _n - col);
            T* pb = _directB ? _packedB : _packedB + (long)jp * nr * kc;
            nint ldb = nr;
            if (_directB && cols == nr)
            {
                pb = _b + _p0 * _bRow + col;
                ldb = (nint)_bRow;
            }
            T* bias = _bias == null ? null : _bias + col;
            for (int ip = ip0; ip < ip1; ip++)
            {
                int row = ip * mr, rows = Math.Min(mr, _m - row);
                GemmKernel.TileRows(kc, a + row * _aRow, (nint)_aRow, (nint)_aCol, pb, ldb, _c + (long)row * _ldc + col, _ldc, rows, cols, _add, bias);
            }
        }
    }
}
