using TorchSharp;
using ScalarType = TorchSharp.torch.ScalarType;

namespace KerasSharp.Backends.Torch;

/// <summary>Maps KerasSharp dtypes and devices to libtorch's.</summary>
internal static class TorchDTypes
{
    public static ScalarType ToTorch(this DType t) => t switch
    {
        DType.Bool => ScalarType.Bool,
        DType.UInt8 => ScalarType.Byte,
        DType.Int32 => ScalarType.Int32,
        DType.Int64 => ScalarType.Int64,
        DType.Float32 => ScalarType.Float32,
        DType.Float64 => ScalarType.Float64,
        _ => throw new ArgumentOutOfRangeException(nameof(t), $"No torch dtype for {t}."),
    };

    public static DType FromTorch(ScalarType t) => t switch
    {
        ScalarType.Bool => DType.Bool,
        ScalarType.Byte => DType.UInt8,
        ScalarType.Int32 => DType.Int32,
        ScalarType.Int64 => DType.Int64,
        ScalarType.Float32 => DType.Float32,
        ScalarType.Float64 => DType.Float64,
        _ => throw new NotSupportedException($"The torch backend has no KerasSharp dtype for torch's {t}."),
    };

    public static torch.Device ToTorch(this Device d) =>
        d.Type == DeviceType.Cpu ? torch.CPU : new torch.Device(TorchSharp.DeviceType.CUDA, d.Index);

    public static long[] Dims(this Shape s)
    {
        var r = new long[s.Rank];
        for (int i = 0; i < r.Length; i++) r[i] = s[i];
        return r;
    }
}
