using KerasSharp.Backends;

namespace KerasSharp;

public static partial class Ops
{
    /// <summary>Runs a broadcasting binary primitive after promoting both inputs to one dtype.</summary>
    private static Tensor BinaryForward(string name, BinaryOp op, Tensor a, Tensor b, bool floatOnly, out Tensor x, out Tensor y)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var backend = BackendOf(name, a, b);
        var shape = BroadcastShapes(name, a.Shape, b.Shape);
        var dtype = DTypes.Promote(a.DType, b.DType);
        if (floatOnly && !dtype.IsFloating()) dtype = DType.Float32;
        else if (dtype == DType.Bool) dtype = DType.Int32; // arithmetic on two bools counts them
        x = a.DType == dtype ? a : Cast(a, dtype);
        y = b.DType == dtype ? b : Cast(b, dtype);
        return backend.Binary(op, x, y, shape);
    }

    /// <summary>a + b with broadcasting.</summary>
    public static Tensor Add(Tensor a, Tensor b)
    {
        var r = BinaryForward("add", BinaryOp.Add, a, b, false, out var x, out var y);
        if (GradientTape.IsRecording) RecordAdd(r, x, y);
        return r;
    }

    private static void RecordAdd(Tensor r, Tensor x, Tensor y) =>
        Record(r, [x, y], g => [SumTo(g, x.Shape), SumTo(g, y.Shape)]);

    /// <summary>a - b with broadcasting.</summary>
    public static Tensor Subtract(Tensor a, Tensor b)
    {
        var r = BinaryForward("subtract", BinaryOp.Sub, a, b, false, out var x, out var y);
        if (GradientTape.IsRecording) RecordSubtract(r, x, y);
        return r;
    }

    private static void RecordSubtract(Tensor r, Tensor x, Tensor y) =>
        Record(r, [x, y], g => [SumTo(g, x.Shape), GradientTape.NeedsGradient(1) ? SumTo(Negative(g), y.Shape) : null]);

    /// <summary>a * b with broadcasting.</summary>
    public static Tensor Multiply(Tensor a, Tensor b)
    {
        var r = BinaryForward("multiply", BinaryOp.Mul, a, b, false, out var x, out var y);
        if (GradientTape.IsRecording) RecordMultiply(r, x, y);
        return r;
    }

    private static void RecordMultiply(Tensor r, Tensor x, Tensor y) =>
        Record(r, [x, y], g => [
            GradientTape.NeedsGradient(0) ? SumTo(Multiply(g, y), x.Shape) : null,
            GradientTape.NeedsGradient(1) ? SumTo(Multiply(g, x), y.Shape) : null]);

    /// <summary>a / b with broadcasting (true division: integers give float32).</summary>
    public static Tensor Divide(Tensor a, Tensor b)
    {
        var r = BinaryForward("divide", BinaryOp.Div, a, b, true, out var x, out var y);
        if (GradientTape.IsRecording) RecordDivide(r, x, y);
        return r;
    }

    private static void RecordDivide(Tensor r, Tensor x, Tensor y) =>
        Record(r, [x, y], g =>
        {
            var gx = Divide(g, y);
            return [SumTo(gx, x.Shape), GradientTape.NeedsGradient(1) ? SumTo(Negative(Multiply(gx, r)), y.Shape) : null];
        });

    /// <summary>a raised to the power b, with broadcasting (floating point).</summary>
    public static Tensor Power(Tensor a, Tensor b)
    {
        var r = BinaryForward("power", BinaryOp.Pow, a, b, true, out var x, out var y);
        if (GradientTape.IsRecording) RecordPower(r, x, y);
        return r;
    }

    private static void RecordPower(Tensor r, Tensor x, Tensor y) =>
        Record(r, [x, y], g =>
        {
            // d/dx = y * x^(y-1); d/dy = x^y * log(x), taken as 0 where x <= 0 (as PyTorch).
            var gx = Multiply(g, Multiply(y, Power(x, Subtract(y, OnesLike(y)))));
            var logx = Where(Greater(x, ZerosLike(x)), Log(x), ZerosLike(x));
            var gy = Multiply(g, Multiply(r, logx));
            return [SumTo(gx, x.Shape), SumTo(gy, y.Shape)];
        });

    /// <summary>Elementwise maximum with broadcasting; on ties the gradient is split equally.</summary>
    public static Tensor Maximum(Tensor a, Tensor b)
    {
        var r = BinaryForward("maximum", BinaryOp.Maximum, a, b, false, out var x, out var y);
        if (GradientTape.IsRecording) RecordMinMax(r, x, y, CompareOp.Greater);
        return r;
    }

    /// <summary>Elementwise minimum with broadcasting; on ties the gradient is split equally.</summary>
    public static Tensor Minimum(Tensor a, Tensor b)
    {
        var r = BinaryForward("minimum", BinaryOp.Minimum, a, b, false, out var x, out var y);
        if (GradientTape.IsRecording) RecordMinMax(r, x, y, CompareOp.Less);
        return r;
    }

    private static void RecordMinMax(Tensor r, Tensor x, Tensor y, CompareOp xWins) =>
        Record(r, [x, y], g =>
        {
            var wins = CompareForward("max/min", xWins, x, y);
            var tie = Equal(x, y);
            var half = MultiplyScalar(g, 0.5);
            var zero = ZerosLike(g);
            var gx = Where(wins, g, Where(tie, half, zero));
            var gy = Where(wins, zero, Where(tie, half, g));
            return [SumTo(gx, x.Shape), SumTo(gy, y.Shape)];
        });

    /// <summary>floor(a / b) with broadcasting (not differentiable).</summary>
    public static Tensor FloorDivide(Tensor a, Tensor b) =>
        BinaryForward("floor_divide", BinaryOp.FloorDiv, a, b, false, out _, out _);

    /// <summary>Python-style remainder a - floor(a/b)*b, with the sign of b.</summary>
    public static Tensor Mod(Tensor a, Tensor b)
    {
        var r = BinaryForward("mod", BinaryOp.Mod, a, b, false, out var x, out var y);
        if (GradientTape.IsRecording) RecordMod(r, x, y);
        return r;
    }

    private static void RecordMod(Tensor r, Tensor x, Tensor y) =>
        Record(r, [x, y], g => [SumTo(g, x.Shape), SumTo(Negative(Multiply(g, FloorDivide(x, y))), y.Shape)]);

    /// <summary>Logical and of two bool tensors.</summary>
    public static Tensor LogicalAnd(Tensor a, Tensor b) => LogicalForward("logical_and", BinaryOp.LogicalAnd, a, b);

    /// <summary>Logical or of two bool tensors.</summary>
    public static Tensor LogicalOr(Tensor a, Tensor b) => LogicalForward("logical_or", BinaryOp.LogicalOr, a, b);

    /// <summary>Logical xor of two bool tensors.</summary>
    public static Tensor LogicalXor(Tensor a, Tensor b) => LogicalForward("logical_xor", BinaryOp.LogicalXor, a, b);

    private static Tensor LogicalForward(string name, BinaryOp op, Tensor a, Tensor b)
    {
        var backend = BackendOf(name, a, b);
        var shape = BroadcastShapes(name, a.Shape, b.Shape);
        var x = a.DType == DType.Bool ? a : NotEqual(a, ZerosLike(a));
        var y = b.DType == DType.Bool ? b : NotEqual(b, ZerosLike(b));
        return backend.Binary(op, x, y, shape);
    }

    // ---- comparisons (bool results, no gradient) ----

    private static Tensor CompareForward(string name, CompareOp op, Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var backend = BackendOf(name, a, b);
        var shape = BroadcastShapes(name, a.Shape, b.Shape);
        var dtype = DTypes.Promote(a.DType, b.DType);
        var x = a.DType == dtype ? a : Cast(a, dtype);
        var y = b.DType == dtype ? b : Cast(b, dtype);
        return backend.Compare(op, x, y, shape);
    }

    /// <summary>a == b elementwise (bool).</summary>
    public static Tensor Equal(Tensor a, Tensor b) => CompareForward("equal", CompareOp.Equal, a, b);
    /// <summary>a != b elementwise (bool).</summary>
    public static Tensor NotEqual(Tensor a, Tensor b) => CompareForward("not_equal", CompareOp.NotEqual, a, b);
    /// <summary>a &lt; b elementwise (bool).</summary>
    public static Tensor Less(Tensor a, Tensor b) => CompareForward("less", CompareOp.Less, a, b);
    /// <summary>a &lt;= b elementwise (bool).</summary>
    public static Tensor LessEqual(Tensor a, Tensor b) => CompareForward("less_equal", CompareOp.LessEqual, a, b);
    /// <summary>a &gt; b elementwise (bool).</summary>
    public static Tensor Greater(Tensor a, Tensor b) => CompareForward("greater", CompareOp.Greater, a, b);
    /// <summary>a &gt;= b elementwise (bool).</summary>
    public static Tensor GreaterEqual(Tensor a, Tensor b) => CompareForward("greater_equal", CompareOp.GreaterEqual, a, b);

    /// <summary>cond ? a : b elementwise with broadcasting; cond is bool (other dtypes: non-zero is true).</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var backend = BackendOf("where", a, b);
        BackendOf("where", condition, a);
        var shape = BroadcastShapes("where", BroadcastShapes("where", condition.Shape, a.Shape), b.Shape);
        var dtype = DTypes.Promote(a.DType, b.DType);
        var x = a.DType == dtype ? a : Cast(a, dtype);
        var y = b.DType == dtype ? b : Cast(b, dtype);
        var c = condition.DType == DType.Bool ? condition : NotEqual(condition, ZerosLike(condition));
        var r = backend.Where(c, x, y, shape);
        if (GradientTape.IsRecording) RecordWhere(r, c, x, y);
        return r;
    }

    private static void RecordWhere(Tensor r, Tensor c, Tensor x, Tensor y) =>
        Record(r, [c, x, y], g =>
        {
            var zero = ZerosLike(g);
            return [null,
                    GradientTape.NeedsGradient(1) ? SumTo(Where(c, g, zero), x.Shape) : null,
                    GradientTape.NeedsGradient(2) ? SumTo(Where(c, zero, g), y.Shape) : null];
        });
}
