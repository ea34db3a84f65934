using KerasSharp.Backends;

namespace KerasSharp;

public static partial class Ops
{
    /// <summary>
    /// Matrix product with NumPy semantics: 1-D operands are promoted to a row (a) or column (b) and the
    /// added axis removed again; leading batch dimensions broadcast. Integers are multiplied as float32.
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank == 0 || b.Rank == 0)
            throw new ArgumentException($"matmul: operands must have at least one dimension, got {a.Shape} and {b.Shape}; use Multiply for scalars.");
        int ka = a.Shape[-1], kb = b.Rank == 1 ? b.Shape[0] : b.Shape[-2];
        if (ka != kb)
            throw new ArgumentException($"matmul: cannot multiply {a.Shape} by {b.Shape}: inner dimensions {ka} and {kb} differ");
        var x = a.Rank == 1 ? Reshape(a, 1, a.Shape[0]) : a;
        var y = b.Rank == 1 ? Reshape(b, b.Shape[0], 1) : b;
        var r = MatMulCore(x, y, false, false);
        if (a.Rank == 1 && b.Rank == 1) return Reshape(r);
        if (a.Rank == 1) return Squeeze(r, -2);
        if (b.Rank == 1) return Squeeze(r, -1);
        return r;
    }

    /// <summary>Batched op(a) @ op(b) on rank >= 2 operands, where op transposes the last two axes when asked.</summary>
    internal static Tensor MatMulCore(Tensor a, Tensor b, bool transposeA, bool transposeB)
    {
        var backend = BackendOf("matmul", a, b);
        var dtype = DTypes.Promote(a.DType, b.DType);
        if (!dtype.IsFloating()) dtype = DType.Float32;
        var x = a.DType == dtype ? a : Cast(a, dtype);
        var y = b.DType == dtype ? b : Cast(b, dtype);
        int m = transposeA ? x.Shape[-1] : x.Shape[-2];
        int k = transposeA ? x.Shape[-2] : x.Shape[-1];
        int kb = transposeB ? y.Shape[-1] : y.Shape[-2];
        int n = transposeB ? y.Shape[-2] : y.Shape[-1];
        if (k != kb)
            throw new ArgumentException($"matmul: cannot multiply {a.Shape} by {b.Shape}: inner dimensions {k} and {kb} differ");
        var batchA = new Shape(x.Shape.Dims[..^2]);
        var batchB = new Shape(y.Shape.Dims[..^2]);
        var batch = BroadcastShapes("matmul (batch dimensions)", batchA, batchB);
        var outShape = new Shape([.. batch, m, n]);
        var r = backend.MatMul(x, y, transposeA, transposeB, outShape);
        if (GradientTape.IsRecording) RecordMatMul(r, x, y, transposeA, transposeB);
        return r;
    }

    private static void RecordMatMul(Tensor r, Tensor a, Tensor b, bool ta, bool tb) => Record(r, [a, b], g =>
    {
        Tensor? ga = null, gb = null;
        if (GradientTape.NeedsGradient(0)) ga = SumTo(ta ? MatMulCore(b, g, tb, true) : MatMulCore(g, b, false, !tb), a.Shape);
        if (GradientTape.NeedsGradient(1)) gb = SumTo(tb ? MatMulCore(g, a, true, ta) : MatMulCore(a, g, !ta, false), b.Shape);
        return [ga, gb];
    });

    /// <summary>Dense layer math: x @ w + bias, written so a backend can later fuse it.</summary>
    public static Tensor Linear(Tensor x, Tensor w, Tensor? bias = null)
    {
        if (bias is not null && FusesLinear(x, w, bias, out var fused)) return FusedLinear(fused, x, w, bias);
        var y = MatMul(x, w);
        if (bias is null) return y;
        var r = Add(y, bias);
        if (!GradientTape.IsRecording) y.Dispose(); // no tape needs the product: its buffer goes straight back to the pool
        return r;
    }

    // The fused form takes what the composed form would compute without casts or broadcasts: x [rows, in], w [in, out],
    // bias [out], one floating dtype, one backend that has the kernel. Anything else (and every bad input, whose message
    // the composed ops give) goes the composed way.
    private static bool FusesLinear(Tensor x, Tensor w, Tensor bias, out IFusedLinearKernels fused)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(w);
        fused = (x.Backend as IFusedLinearKernels)!;
        return fused is not null && x.Rank == 2 && w.Rank == 2 && bias.Rank == 1 && x.Shape[1] == w.Shape[0] && bias.Shape[0] == w.Shape[1] &&
               x.DType.IsFloating() && w.DType == x.DType && bias.DType == x.DType &&
               ReferenceEquals(w.Backend, x.Backend) && ReferenceEquals(bias.Backend, x.Backend) && w.Device == x.Device && bias.Device == x.Device;
    }

    // The backward is the composed form's: the two products of the matrix product's rule and the bias's sum over rows.
    private static Tensor FusedLinear(IFusedLinearKernels fused, Tensor x, Tensor w, Tensor bias)
    {
        var r = fused.Linear(x, w, bias);
        if (GradientTape.IsRecording)
            Record(r, [x, w, bias], g =>
            [
                GradientTape.NeedsGradient(0) ? MatMulCore(g, w, false, true) : null,
                GradientTape.NeedsGradient(1) ? MatMulCore(x, g, true, false) : null,
                GradientTape.NeedsGradient(2) ? Sum(g, 0) : null,
            ]);
        return r;
    }
}
