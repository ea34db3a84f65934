namespace KerasSharp;

public static partial class Ops
{
    /// <summary>
    /// A rank-0 tensor for a C# number combined with <paramref name="like"/>, on its backend and device.
    /// Scalars are weak: they take the tensor's dtype when their kind fits it (see <see cref="DType"/>).
    /// </summary>
    internal static Tensor ScalarLike(Tensor like, double value, bool integral)
    {
        var dtype = like.DType switch
        {
            DType.Float32 or DType.Float64 => like.DType,
            DType.Bool => integral ? DType.Int32 : DType.Float32,
            _ => integral ? like.DType : DType.Float32,
        };
        return like.Backend.Full(Shape.Scalar, dtype, value, like.Device);
    }

    /// <summary>x + c.</summary>
    public static Tensor AddScalar(Tensor x, double c) => Add(x, ScalarLike(x, c, false));
    /// <summary>x * c.</summary>
    public static Tensor MultiplyScalar(Tensor x, double c) => Multiply(x, ScalarLike(x, c, false));
    /// <summary>c - x.</summary>
    public static Tensor RSubScalar(double c, Tensor x) => Subtract(ScalarLike(x, c, false), x);
}

public partial class Tensor
{
    /// <summary>Elementwise sum with broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Ops.Add(a, b);
    /// <summary>Elementwise difference with broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Ops.Subtract(a, b);
    /// <summary>Elementwise product with broadcasting.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Ops.Multiply(a, b);
    /// <summary>Elementwise true division with broadcasting.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Ops.Divide(a, b);
    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor a) => Ops.Negative(a);

    /// <summary>Adds a floating scalar (an integer tensor becomes float32).</summary>
    public static Tensor operator +(Tensor a, double c) => Ops.Add(a, Ops.ScalarLike(a, c, false));
    /// <summary>Adds a floating scalar.</summary>
    public static Tensor operator +(double c, Tensor a) => Ops.Add(Ops.ScalarLike(a, c, false), a);
    /// <summary>Subtracts a floating scalar.</summary>
    public static Tensor operator -(Tensor a, double c) => Ops.Subtract(a, Ops.ScalarLike(a, c, false));
    /// <summary>Subtracts from a floating scalar.</summary>
    public static Tensor operator -(double c, Tensor a) => Ops.Subtract(Ops.ScalarLike(a, c, false), a);
    /// <summary>Multiplies by a floating scalar.</summary>
    public static Tensor operator *(Tensor a, double c) => Ops.Multiply(a, Ops.ScalarLike(a, c, false));
    /// <summary>Multiplies by a floating scalar.</summary>
    public static Tensor operator *(double c, Tensor a) => Ops.Multiply(Ops.ScalarLike(a, c, false), a);
    /// <summary>Divides by a floating scalar (<c>images / 255f</c> is float32).</summary>
    public static Tensor operator /(Tensor a, double c) => Ops.Divide(a, Ops.ScalarLike(a, c, false));
    /// <summary>Divides a floating scalar.</summary>
    public static Tensor operator /(double c, Tensor a) => Ops.Divide(Ops.ScalarLike(a, c, false), a);

    /// <summary>Adds an integer scalar (keeps integer tensors integer).</summary>
    public static Tensor operator +(Tensor a, int c) => Ops.Add(a, Ops.ScalarLike(a, c, true));
    /// <summary>Adds an integer scalar.</summary>
    public static Tensor operator +(int c, Tensor a) => Ops.Add(Ops.ScalarLike(a, c, true), a);
    /// <summary>Subtracts an integer scalar.</summary>
    public static Tensor operator -(Tensor a, int c) => Ops.Subtract(a, Ops.ScalarLike(a, c, true));
    /// <summary>Subtracts from an integer scalar.</summary>
    public static Tensor operator -(int c, Tensor a) => Ops.Subtract(Ops.ScalarLike(a, c, true), a);
    /// <summary>Multiplies by an integer scalar.</summary>
    public static Tensor operator *(Tensor a, int c) => Ops.Multiply(a, Ops.ScalarLike(a, c, true));
    /// <summary>Multiplies by an integer scalar.</summary>
    public static Tensor operator *(int c, Tensor a) => Ops.Multiply(Ops.ScalarLike(a, c, true), a);
    /// <summary>True division by an integer scalar (integers give float32).</summary>
    public static Tensor operator /(Tensor a, int c) => Ops.Divide(a, Ops.ScalarLike(a, c, true));
    /// <summary>True division of an integer scalar.</summary>
    public static Tensor operator /(int c, Tensor a) => Ops.Divide(Ops.ScalarLike(a, c, true), a);
}
