using System.Numerics;

namespace KerasSharp.Backends.Native;

/// <summary>A computation generic over any element type (bool included).</summary>
internal interface IAnyFn<TResult> { TResult Run<T>() where T : unmanaged; }

/// <summary>A computation generic over numeric element types.</summary>
internal interface INumericFn<TResult> { TResult Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>; }

/// <summary>A computation generic over integer element types.</summary>
internal interface IIntegerFn<TResult> { TResult Run<T>() where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>; }

/// <summary>A computation generic over floating element types.</summary>
internal interface IFloatFn<TResult> { TResult Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>; }

/// <summary>Turns a runtime <see cref="DType"/> into a generic instantiation (one switch per op call).</summary>
internal static class Dispatch
{
    public static TR Any<TR, TF>(DType t, TF f) where TF : IAnyFn<TR> => t switch
    {
        DType.Float32 => f.Run<float>(),
        DType.Float64 => f.Run<double>(),
        DType.Int32 => f.Run<int>(),
        DType.Int64 => f.Run<long>(),
        DType.UInt8 => f.Run<byte>(),
        DType.Bool => f.Run<bool>(),
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    public static TR Numeric<TR, TF>(DType t, TF f, string op) where TF : INumericFn<TR> => t switch
    {
        DType.Float32 => f.Run<float>(),
        DType.Float64 => f.Run<double>(),
        DType.Int32 => f.Run<int>(),
        DType.Int64 => f.Run<long>(),
        DType.UInt8 => f.Run<byte>(),
        _ => throw Unsupported(op, t),
    };

    public static TR Integer<TR, TF>(DType t, TF f, string op) where TF : IIntegerFn<TR> => t switch
    {
        DType.Int32 => f.Run<int>(),
        DType.Int64 => f.Run<long>(),
        DType.UInt8 => f.Run<byte>(),
        _ => throw Unsupported(op, t),
    };

    public static TR Float<TR, TF>(DType t, TF f, string op) where TF : IFloatFn<TR> => t switch
    {
        DType.Float32 => f.Run<float>(),
        DType.Float64 => f.Run<double>(),
        _ => throw Unsupported(op, t),
    };

    public static NotSupportedException Unsupported(string op, DType t) =>
        new($"The native backend does not support {op} on {t.Name()} tensors.");
}
