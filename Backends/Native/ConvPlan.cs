namespace KerasSharp.Backends.Native;

/// <summary>
/// Sizes of one NCHW convolution and how its images are batched: <see cref="Batch"/> images share one GEMM
/// (their columns side by side, N = Batch*OH*OW), so small feature maps still give the GEMM wide panels.
/// The batch depends only on the shapes, never on the thread count, so results are the same for any threads.
/// </summary>
internal readonly struct ConvPlan
{
    // Measured (1 thread, loaded 2-core EPYC): 14x14 maps gain ~5-10% from ~1k-column GEMMs; wider ones lose (B block leaves L2).
    private const int TargetColumns = 1024;
    // Largest column matrix (elements) a batch may unfold into: 16 MiB of floats.
    private const long MaxColumnElements = 1L << 22;

    public readonly int N, C, H, W, O, OH, OW, Groups, Cg, Og, Ckk, Ohw, Batch;
    public readonly bool Identity;

    /// <param name="xs">Input shape (N, C, H, W).</param>
    /// <param name="ys">Output shape (N, O, OH, OW).</param>
    /// <param name="g">The geometry.</param>
    /// <param name="deep">True for the weight gradient, whose GEMM sums over the columns: one image per GEMM measured
    /// best there (deeper sums stream the transposed column matrix through packing for no gain).</param>
    public ConvPlan(Shape xs, Shape ys, in Conv2dGeometry g, bool deep)
    {
        (N, C, H, W, O, OH, OW) = (xs[0], xs[1], xs[2], xs[3], ys[1], ys[2], ys[3]);
        Groups = g.Groups;
        Cg = C / Groups;
        Og = O / Groups;
        Ckk = Cg * g.KernelH * g.KernelW;
        Ohw = OH * OW;
        Identity = Im2Col.IsIdentity(g);
        long perImage = Math.Max(1L, (long)Ckk * Ohw);
        int byMemory = (int)Math.Max(1, Math.Min(int.MaxValue, MaxColumnElements / perImage));
        int wanted = deep ? 1 : (TargetColumns + Ohw - 1) / Math.Max(1, Ohw);
        Batch = Math.Max(1, Math.Min(Math.Min(wanted, byMemory), Math.Max(1, N)));
    }

    public int Chunks => (N + Batch - 1) / Batch;

    /// <summary>Images [first, first + count) of chunk <paramref name="chunk"/>.</summary>
    public (int First, int Count) Images(int chunk) => (chunk * Batch, Math.Min(Batch, N - chunk * Batch));

    /// <summary>Offset of group <paramref name="gi"/> of image <paramref name="i"/> in the input.</summary>
    public int XOff(int i, int gi) => (i * C + gi * Cg) * H * W;

    /// <summary>Offset of group <paramref name="gi"/> of image <paramref name="i"/> in the output.</summary>
    public int YOff(int i, int gi) => (i * O + gi * Og) * Ohw;

    /// <summary>
    /// Runs body(chunk) for every chunk: across threads when there are enough chunks or each is small,
    /// else in order with the GEMMs parallel inside. Each output element is computed the same way either way.
    /// </summary>
    public void ForChunks(Action<int> body)
    {
        int chunks = Chunks, threads = Config.NumThreads;
        long flops = 2L * Og * Groups * Ckk * Ohw * Batch;
        bool outer = chunks > 1 && threads > 1 && (chunks >= 2 * threads || flops < 1L << 23);
        if (!outer)
        {
            for (int c = 0; c < chunks; c++) body(c);
            return;
        }
        NativeParallel.For(chunks, 1, (s, e) =>
        {
            for (int c = s; c < e; c++) body(c);
        });
    }

    /// <summary>Copies rows [rows, Ohw] of <paramref name="count"/> images (planes <paramref name="src"/> + b*O*Ohw) side by side into dst [rows, count*Ohw].</summary>
    public void Gather<T>(T[] src, int srcOff, int planeStride, int rows, int count, T[] dst)
    {
        int ld = count * Ohw;
        for (int b = 0; b < count; b++)
            for (int r = 0; r < rows; r++)
                src.AsSpan(srcOff + b * planeStride + r * Ohw, Ohw).CopyTo(dst.AsSpan(r * ld + b * Ohw, Ohw));
    }

    /// <summary>The inverse of <see cref="Gather"/>.</summary>
    public void Scatter<T>(T[] src, int rows, int count, T[] dst, int dstOff, int planeStride)
    {
        int ld = count * Ohw;
        for (int b = 0; b < count; b++)
            for (int r = 0; r < rows; r++)
                src.AsSpan(r * ld + b * Ohw, Ohw).CopyTo(dst.AsSpan(dstOff + b * planeStride + r * Ohw, Ohw));
    }
}
