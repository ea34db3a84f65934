using System.Numerics;

namespace KerasSharp.Backends.Native.Gpu;

/// <summary>
/// Conversions of one element type written without generic-math conversions (<c>CreateTruncating</c> tests types
/// at run time, which kernels cannot): through double for floating sources, through long for integer ones.
/// </summary>
internal interface IElementConvert<T> where T : unmanaged
{
    static abstract bool IsFloating { get; }
    static abstract bool IsSingle { get; }
    static abstract double ToDouble(T x);
    static abstract long ToLong(T x);
    /// <summary>From a double: rounded for floating types; truncated toward zero and saturated for integers (NaN to 0), as .NET's CreateTruncating.</summary>
    static abstract T FromDouble(double v);
    /// <summary>From a long: rounded for floating types; wrapped for integers.</summary>
    static abstract T FromLong(long v);
}

internal readonly struct SingleConvert : IElementConvert<float>
{
    public static bool IsFloating => true;
    public static bool IsSingle => true;
    public static double ToDouble(float x) => x;
    public static long ToLong(float x) => (long)x;
    public static float FromDouble(double v) => (float)v;
    public static float FromLong(long v) => v;
}

internal readonly struct DoubleConvert : IElementConvert<double>
{
    public static bool IsFloating => true;
    public static bool IsSingle => false;
    public static double ToDouble(double x) => x;
    public static long ToLong(double x) => (long)x;
    public static double FromDouble(double v) => v;
    public static double FromLong(long v) => v;
}

internal readonly struct Int32Convert : IElementConvert<int>
{
    public static bool IsFloating => false;
    public static bool IsSingle => false;
    public static double ToDouble(int x) => x;
    public static long ToLong(int x) => x;
    public static int FromDouble(double v) =>
        double.IsNaN(v) ? 0 : v >= 2147483648.0 ? int.MaxValue : v <= -2147483648.0 ? int.MinValue : (int)v;
    public static int FromLong(long v) => unchecked((int)v);
}

internal readonly struct Int64Convert : IElementConvert<long>
{
    public static bool IsFloating => false;
    public static bool IsSingle => false;
    public static double ToDouble(long x) => x;
    public static long ToLong(long x) => x;
    public static long FromDouble(double v) =>
        double.IsNaN(v) ? 0 : v >= 9223372036854775808.0 ? long.MaxValue : v <= -9223372036854775808.0 ? long.MinValue : (long)v;
    public static long FromLong(long v) => v;
}

internal readonly struct ByteConvert : IElementConvert<byte>
{
    public static bool IsFloating => false;
    public static bool IsSingle => false;
    public static double ToDouble(byte x) => x;
    public static long ToLong(byte x) => x;
    public static byte FromDouble(double v) => double.IsNaN(v) ? (byte)0 : v >= 255.0 ? (byte)255 : v <= 0.0 ? (byte)0 : (byte)v;
    public static byte FromLong(long v) => unchecked((byte)v);
}

/// <summary>The device forms of CPU op structs whose scalar code uses run-time type tests (kernels cannot).</summary>
internal static class GpuScalarOps
{
    /// <summary>The converter struct for <paramref name="t"/>.</summary>
    public static Type Converter(Type t) =>
        t == typeof(float) ? typeof(SingleConvert) : t == typeof(double) ? typeof(DoubleConvert) : t == typeof(int) ? typeof(Int32Convert)
        : t == typeof(long) ? typeof(Int64Convert) : t == typeof(byte) ? typeof(ByteConvert)
        : throw new NotSupportedException($"No device conversion for {t.Name}.");

    /// <summary>The op struct a kernel runs for the CPU's <paramref name="op"/>: itself, or its device form.</summary>
    public static Type ForDevice(Type op)
    {
        if (!op.IsGenericType) return op;
        var def = op.GetGenericTypeDefinition();
        var args = op.GetGenericArguments();
        if (def == typeof(ConvertOp<,>)) return typeof(DeviceConvertOp<,,,>).MakeGenericType(args[0], args[1], Converter(args[0]), Converter(args[1]));
        if (def == typeof(SignOp<>)) return typeof(DeviceSignOp<>).MakeGenericType(args);
        if (def == typeof(ErfOp<>)) return typeof(DeviceErfOp<,>).MakeGenericType(args[0], Converter(args[0]));
        if (def == typeof(Expm1Op<>)) return typeof(DeviceExpm1Op<>).MakeGenericType(args);
        if (def == typeof(RoundOp<>)) return typeof(DeviceRoundOp<>).MakeGenericType(args);
        if (def == typeof(FloorDivIntOp<>)) return typeof(DeviceFloorDivIntOp<>).MakeGenericType(args);
        if (def == typeof(ModIntOp<>)) return typeof(DeviceModIntOp<>).MakeGenericType(args);
        return op;
    }
}

/// <summary><see cref="ConvertOp{T, TR}"/> on the device: the same truncating, saturating conversion.</summary>
internal readonly struct DeviceConvertOp<T, TR, CT, CR> : IUnaryOp<T, TR>
    where T : unmanaged where TR : unmanaged where CT : IElementConvert<T> where CR : IElementConvert<TR>
{
    public static TR Apply(T x) => CT.IsFloating ? CR.FromDouble(CT.ToDouble(x)) : CR.FromLong(CT.ToLong(x));
}

/// <summary><see cref="SignOp{T}"/> on the device: -1, 0 (+0) or 1; NaN stays.</summary>
internal readonly struct DeviceSignOp<T> : IUnaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static T Apply(T x) => T.IsNaN(x) ? x : x > T.Zero ? T.One : x < T.Zero ? -T.One : T.Zero;
}

/// <summary><see cref="ErfOp{T}"/> on the device: the same double-precision series and continued fraction.</summary>
internal readonly struct DeviceErfOp<T, CT> : IUnaryOp<T, T> where T : unmanaged where CT : IElementConvert<T>
{
    public static T Apply(T x) => CT.FromDouble(SpecialFunctions.Erf(CT.ToDouble(x), CT.IsSingle));
}

/// <summary><see cref="Expm1Op{T}"/> on the device (Kahan's correction near 0).</summary>
internal readonly struct DeviceExpm1Op<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x)
    {
        T half = T.One / (T.One + T.One);
        if (T.Abs(x) > half) return T.Exp(x) - T.One;
        T u = T.Exp(x);
        if (u == T.One) return x;
        T um1 = u - T.One;
        return um1 * x / T.Log(u);
    }
}

/// <summary><see cref="RoundOp{T}"/> on the device: half to even, the sign of zero kept.</summary>
internal readonly struct DeviceRoundOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x)
    {
        if (T.Floor(x) == x || T.IsNaN(x)) return x; // integral, infinite or NaN
        T half = T.One / (T.One + T.One);
        T r = T.Floor(x + half);
        if (r - x == half && T.Floor(r * half) != r * half) r -= T.One; // a tie rounded up to odd: take the even neighbour
        return r == T.Zero && x < T.Zero ? -T.Zero : r;
    }
}

/// <summary>
/// <see cref="FloorDivIntOp{T}"/> on the device. A kernel cannot throw: an integer division by zero gives 0 here,
/// where the CPU throws <see cref="DivideByZeroException"/>.
/// </summary>
internal readonly struct DeviceFloorDivIntOp<T> : IBinaryOp<T, T> where T : unmanaged, IBinaryInteger<T>
{
    public static T Apply(T a, T b)
    {
        if (b == T.Zero) return T.Zero;
        if (T.IsNegative(b) && b == -T.One) return -a;
        T q = a / b;
        if ((q * b != a) && (T.IsNegative(a) != T.IsNegative(b))) q -= T.One;
        return q;
    }
}

/// <summary><see cref="ModIntOp{T}"/> on the device; modulo zero gives 0 (the CPU throws).</summary>
internal readonly struct DeviceModIntOp<T> : IBinaryOp<T, T> where T : unmanaged, IBinaryInteger<T>
{
    public static T Apply(T a, T b)
    {
        if (b == T.Zero || (T.IsNegative(b) && b == -T.One)) return T.Zero;
        T r = a % b;
        if (r != T.Zero && (T.IsNegative(r) != T.IsNegative(b))) r += b;
        return r;
    }
}
