namespace KerasSharp.Backends;

/// <summary>Elementwise unary primitives. Floating-point only unless noted.</summary>
public enum UnaryOp
{
    /// <summary>-x (all numeric types).</summary>
    Neg,
    /// <summary>|x| (all numeric types).</summary>
    Abs,
    /// <summary>sign(x) in {-1, 0, 1} (all numeric types).</summary>
    Sign,
    /// <summary>x*x (all numeric types).</summary>
    Square,
    /// <summary>e^x.</summary>
    Exp,
    /// <summary>Natural logarithm.</summary>
    Log,
    /// <summary>Square root.</summary>
    Sqrt,
    /// <summary>1/sqrt(x).</summary>
    Rsqrt,
    /// <summary>1/x.</summary>
    Reciprocal,
    /// <summary>Sine.</summary>
    Sin,
    /// <summary>Cosine.</summary>
    Cos,
    /// <summary>Hyperbolic tangent.</summary>
    Tanh,
    /// <summary>1/(1+e^-x), computed without overflow.</summary>
    Sigmoid,
    /// <summary>max(x, 0) (all numeric types).</summary>
    Relu,
    /// <summary>Gauss error function.</summary>
    Erf,
    /// <summary>log(1+x), accurate near 0.</summary>
    Log1p,
    /// <summary>e^x-1, accurate near 0.</summary>
    Expm1,
    /// <summary>Round toward negative infinity.</summary>
    Floor,
    /// <summary>Round toward positive infinity.</summary>
    Ceil,
    /// <summary>Round half to even.</summary>
    Round,
    /// <summary>Logical not (bool only).</summary>
    LogicalNot,
}

/// <summary>Elementwise binary primitives with NumPy broadcasting; both inputs have the same dtype.</summary>
public enum BinaryOp
{
    /// <summary>a + b.</summary>
    Add,
    /// <summary>a - b.</summary>
    Sub,
    /// <summary>a * b.</summary>
    Mul,
    /// <summary>a / b (floating types only; Core casts integers to float first).</summary>
    Div,
    /// <summary>a ^ b (floating types only).</summary>
    Pow,
    /// <summary>max(a, b); NaN wins.</summary>
    Maximum,
    /// <summary>min(a, b); NaN wins.</summary>
    Minimum,
    /// <summary>floor(a / b) (all numeric types).</summary>
    FloorDiv,
    /// <summary>a - floor(a / b) * b, sign of b as in Python (all numeric types).</summary>
    Mod,
    /// <summary>Logical and (bool only).</summary>
    LogicalAnd,
    /// <summary>Logical or (bool only).</summary>
    LogicalOr,
    /// <summary>Logical xor (bool only).</summary>
    LogicalXor,
}

/// <summary>Elementwise comparisons with broadcasting; the result is bool.</summary>
public enum CompareOp
{
    /// <summary>a == b.</summary>
    Equal,
    /// <summary>a != b.</summary>
    NotEqual,
    /// <summary>a &lt; b.</summary>
    Less,
    /// <summary>a &lt;= b.</summary>
    LessEqual,
    /// <summary>a &gt; b.</summary>
    Greater,
    /// <summary>a &gt;= b.</summary>
    GreaterEqual,
}

/// <summary>Reductions over a set of axes.</summary>
public enum ReduceOp
{
    /// <summary>Sum (integers and bool sum to their own type except bool, which sums to int64).</summary>
    Sum,
    /// <summary>Arithmetic mean (floating types).</summary>
    Mean,
    /// <summary>Maximum; NaN wins.</summary>
    Max,
    /// <summary>Minimum; NaN wins.</summary>
    Min,
    /// <summary>Product.</summary>
    Prod,
}

/// <summary>Index-of reductions along one axis; the result is int64. Ties take the first index.</summary>
public enum ArgReduceOp
{
    /// <summary>Index of the maximum.</summary>
    ArgMax,
    /// <summary>Index of the minimum.</summary>
    ArgMin,
}

/// <summary>Pooling kinds.</summary>
public enum PoolOp
{
    /// <summary>Maximum over the window (padding never wins).</summary>
    Max,
    /// <summary>Average over the window; padded cells are not counted.</summary>
    Average,
}

/// <summary>
/// Geometry of a 2-D convolution or pooling in NCHW layout. Padding is explicit per side.
/// </summary>
/// <param name="KernelH">Kernel height.</param>
/// <param name="KernelW">Kernel width.</param>
/// <param name="StrideH">Vertical stride.</param>
/// <param name="StrideW">Horizontal stride.</param>
/// <param name="PadTop">Rows of padding above.</param>
/// <param name="PadBottom">Rows of padding below.</param>
/// <param name="PadLeft">Columns of padding on the left.</param>
/// <param name="PadRight">Columns of padding on the right.</param>
/// <param name="DilationH">Vertical dilation.</param>
/// <param name="DilationW">Horizontal dilation.</param>
/// <param name="Groups">Channel groups (convolution only).</param>
public readonly record struct Conv2dGeometry(
    int KernelH, int KernelW,
    int StrideH = 1, int StrideW = 1,
    int PadTop = 0, int PadBottom = 0, int PadLeft = 0, int PadRight = 0,
    int DilationH = 1, int DilationW = 1,
    int Groups = 1)
{
    /// <summary>Output height for input height <paramref name="h"/>.</summary>
    public int OutH(int h) => OutSize(h + PadTop + PadBottom, KernelH, DilationH, StrideH);
    /// <summary>Output width for input width <paramref name="w"/>.</summary>
    public int OutW(int w) => OutSize(w + PadLeft + PadRight, KernelW, DilationW, StrideW);

    // Zero when the dilated kernel does not fit (integer division would round a negative span up to 0).
    private static int OutSize(int padded, int kernel, int dilation, int stride)
    {
        int span = padded - dilation * (kernel - 1) - 1;
        return span < 0 ? 0 : span / stride + 1;
    }
}
