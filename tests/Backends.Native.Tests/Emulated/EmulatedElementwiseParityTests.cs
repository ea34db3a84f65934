using static KerasSharp.Backends.Native.Tests.Emulated.EmulatedUtil;

namespace KerasSharp.Backends.Native.Tests.Emulated;

/// <summary>Every elementwise op and dtype the CPU backend has, on the emulated GPU, equal to the CPU element for element.</summary>
[TestClass]
public class EmulatedElementwiseParityTests
{
    private static readonly float[] Values = [-2.5f, -1, -0.5f, 0, 0.25f, 0.5f, 1, 1.5f, 3, float.NaN, 7.75f, -0f, 1e10f, -3e9f, 0.7f, -1.4f, 2.5f, float.PositiveInfinity, 300.6f];

    private static Tensor Data(DType dtype, bool gpu, int[] shape, int salt = 0)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        var f = new double[n];
        for (int i = 0; i < n; i++) f[i] = Values[(i * 7 + salt) % Values.Length];
        var device = gpu ? Emu : Device.Cpu;
        Array host = dtype switch
        {
            DType.Float32 => f.Select(v => (float)v).ToArray(),
            DType.Float64 => f,
            DType.Int32 => f.Select(v => double.IsNaN(v) ? 5 : (int)(v * 3)).ToArray(),
            DType.Int64 => f.Select(v => double.IsNaN(v) ? 5L : (long)(v * 3)).ToArray(),
            DType.UInt8 => f.Select(v => double.IsNaN(v) ? (byte)5 : (byte)Math.Abs(v * 3)).ToArray(),
            _ => f.Select(v => v > 0).ToArray(),
        };
        return B.FromHost(host, new Shape(shape), dtype, device);
    }

    private static Shape BroadcastShape(int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var r = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1, db = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
            r[i] = Math.Max(da, db);
        }
        return new Shape(r);
    }

    private static readonly UnaryOp[] Transcendental =
        [UnaryOp.Exp, UnaryOp.Log, UnaryOp.Sqrt, UnaryOp.Rsqrt, UnaryOp.Sin, UnaryOp.Cos, UnaryOp.Tanh, UnaryOp.Sigmoid, UnaryOp.Erf, UnaryOp.Log1p, UnaryOp.Expm1];

    private static readonly DType[] Numeric = [DType.Float32, DType.Float64, DType.Int32, DType.Int64, DType.UInt8];

    [TestMethod]
    public void UnaryOpsEveryDType()
    {
        All(from dtype in Numeric.Append(DType.Bool) from op in Enum.GetValues<UnaryOp>() select ($"{op} {dtype}", (Action)(() =>
            {
                using var c = Data(dtype, false, [3, 4]);
                using var g = Data(dtype, true, [3, 4]);
                Tensor cr;
                try { cr = B.Unary(op, c); }
                catch (NotSupportedException) { Assert.ThrowsExactly<NotSupportedException>(() => B.Unary(op, g), $"{op} {dtype}"); return; }
                using (cr)
                using (var gr = B.Unary(op, g))
                {
                    // Transcendentals: the CPU's vectorised forms and the device's scalar ones may differ in the last bit.
                    if (Transcendental.Contains(op)) AssertClose(cr, gr, dtype == DType.Float32 ? 2e-7 : 1e-15, $"{op} {dtype}");
                    else AssertSame(cr, gr, $"{op} {dtype}");
                }
            })));
    }

    [TestMethod]
    public void BinaryOpsWithBroadcastingEveryDType()
    {
        int[][][] shapes = [[[2, 3], [2, 3]], [[2, 3], [3]], [[2, 1, 3], [4, 1]], [[1], [2, 2]]];
        All(from dtype in Numeric.Append(DType.Bool) from op in Enum.GetValues<BinaryOp>() from s in shapes select ($"{op} {dtype} {string.Join("x", s[0])}", (Action)(() =>
                {
                    var outShape = BroadcastShape(s[0], s[1]);
                    using var ca = Data(dtype, false, s[0]);
                    using var cb = Data(dtype, false, s[1], 3);
                    using var ga = Data(dtype, true, s[0]);
                    using var gb = Data(dtype, true, s[1], 3);
                    Tensor cr;
                    try { cr = B.Binary(op, ca, cb, outShape); }
                    catch (Exception e) when (e is NotSupportedException or DivideByZeroException)
                    {
                        if (e is NotSupportedException) Assert.ThrowsExactly<NotSupportedException>(() => B.Binary(op, ga, gb, outShape), $"{op} {dtype}");
                        return;
                    }
                    using (cr)
                    using (var gr = B.Binary(op, ga, gb, outShape))
                    {
                        var what = $"{op} {dtype} {string.Join("x", s[0])} with {string.Join("x", s[1])}";
                        if (op == BinaryOp.Pow) AssertClose(cr, gr, dtype == DType.Float32 ? 2e-7 : 1e-15, what);
                        else AssertSame(cr, gr, what);
                    }
                })));
    }

    [TestMethod]
    public void ComparisonsAndWhere()
    {
        All(from dtype in Numeric.Append(DType.Bool) from op in Enum.GetValues<CompareOp>() select ($"{op} {dtype}", (Action)(() =>
            {
                using var ca = Data(dtype, false, [2, 3]);
                using var cb = Data(dtype, false, [3], 1);
                using var ga = Data(dtype, true, [2, 3]);
                using var gb = Data(dtype, true, [3], 1);
                using var cr = B.Compare(op, ca, cb, new Shape(2, 3));
                using var gr = B.Compare(op, ga, gb, new Shape(2, 3));
                AssertSame(cr, gr, $"{op} {dtype}");
            })));
        All(from dtype in Numeric.Append(DType.Bool) select ($"where {dtype}", (Action)(() =>
        {
            using var cc = Data(DType.Bool, false, [2, 1]);
            using var gc = Data(DType.Bool, true, [2, 1]);
            using var cx = Data(dtype, false, [2, 3]);
            using var gx = Data(dtype, true, [2, 3]);
            using var cy = Data(dtype, false, [3], 5);
            using var gy = Data(dtype, true, [3], 5);
            using var cw = B.Where(cc, cx, cy, new Shape(2, 3));
            using var gw = B.Where(gc, gx, gy, new Shape(2, 3));
            AssertSame(cw, gw, $"where {dtype}");
        })));
    }

    [TestMethod]
    public void CastBetweenEveryPairOfDTypes()
    {
        All(from f in Numeric.Append(DType.Bool) from to in Numeric.Append(DType.Bool) select ($"{f} to {to}", (Action)(() =>
            {
                using var c = Data(f, false, [2, 5]);
                using var g = Data(f, true, [2, 5]);
                using var cr = B.Cast(c, to);
                using var gr = B.Cast(g, to);
                AssertSame(cr, gr, $"{f} to {to}");
            })));
    }
}
