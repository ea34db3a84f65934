using System.Numerics;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// A right-hand operand B [k, n] packed once into the micro-panels the GEMM kernel reads (K slices of at most KC rows,
/// each slice NR-column panels of unit stride), for products that reuse one B many times: the recurrent kernel, read
/// at every step of a sequence. <see cref="Gemm.RunPacked"/> reads A in place and these panels, so a step costs
/// neither a packing of B nor strided reads of it (rows of a wide B far apart alias in the cache).
/// </summary>
internal sealed unsafe class GemmPackedB<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _data;
    private readonly int _offset;

    /// <summary>Packs B(p, j) = b[bOff + p*bRow + j*bCol] for p &lt; k, j &lt; n.</summary>
    public GemmPackedB(int k, int n, T[] b, int bOff, int bRow, int bCol, int kcMax = 512)
    {
        K = k;
        N = n;
        Nr = GemmKernel.NR<T>();
        Kc = (k + (k + kcMax - 1) / kcMax - 1) / ((k + kcMax - 1) / kcMax);   // equal slices of at most kcMax
        Panels = (n + Nr - 1) / Nr;
        int pad = 64 / sizeof(T);
        _data = GC.AllocateUninitializedArray<T>(Panels * Nr * k + pad, pinned: true);   // pinned: the aligned offset holds
        fixed (T* p = _data)
        {
            _offset = (int)((((nint)p + 63) & ~(nint)63) - (nint)p) / sizeof(T);
            fixed (T* src = b)
                for (int p0 = 0; p0 < k; p0 += Kc)
                {
                    int kc = Math.Min(Kc, k - p0);
                    for (int jp = 0; jp < Panels; jp++)
                        GemmPacking.PackB(src + bOff, bRow, bCol, n, jp * Nr, p0, kc, Nr, p + _offset + Slice(p0) + (long)jp * Nr * kc);
                }
        }
    }

    /// <summary>Rows (depth) and columns of B.</summary>
    public int K { get; }

    /// <inheritdoc cref="K"/>
    public int N { get; }

    /// <summary>Panel width, slice depth and panel count.</summary>
    public int Nr { get; }

    /// <inheritdoc cref="Nr"/>
    public int Kc { get; }

    /// <inheritdoc cref="Nr"/>
    public int Panels { get; }

    /// <summary>Offset of the K slice starting at row p0 (its panels follow one another, each kc x NR).</summary>
    public long Slice(int p0) => (long)p0 * Panels * Nr;

    /// <summary>The packed data (pin it) and the offset of its first element.</summary>
    public (T[] Data, int Offset) Storage => (_data, _offset);
}
