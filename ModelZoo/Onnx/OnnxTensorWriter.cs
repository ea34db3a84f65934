using System.Runtime.InteropServices;
using Google.Protobuf;
using KerasSharp.Onnx.Proto;

namespace KerasSharp.Onnx;

/// <summary>
/// Writes ONNX TensorProtos: the values go to <c>raw_data</c> as little-endian bytes (ONNX's layout on every host),
/// the shape to <c>dims</c>, and the element type to <c>data_type</c>.
/// </summary>
internal static class OnnxTensorWriter
{
    /// <summary>A TensorProto named <paramref name="name"/> holding <paramref name="tensor"/>'s values.</summary>
    public static TensorProto Write(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        long[] dims = [.. tensor.Shape.Dims.ToArray().Select(d => (long)d)];
        return tensor.DType switch
        {
            DType.Float32 => Floats(name, tensor.ToArray<float>(), dims),
            DType.Float64 => Make(name, TensorProto.Types.DataType.Double, dims, LittleEndian(tensor.ToArray<double>())),
            DType.Int64 => Longs(name, tensor.ToArray<long>(), dims),
            DType.Int32 => Make(name, TensorProto.Types.DataType.Int32, dims, LittleEndian(tensor.ToArray<int>())),
            DType.UInt8 => Make(name, TensorProto.Types.DataType.Uint8, dims, tensor.ToArray<byte>()),
            DType.Bool => Make(name, TensorProto.Types.DataType.Bool, dims, tensor.ToArray<bool>().Select(b => b ? (byte)1 : (byte)0).ToArray()),
            _ => throw new NotSupportedException($"ONNX export: tensor '{name}' has dtype {tensor.DType}, which has no ONNX element type here."),
        };
    }

    /// <summary>A float32 TensorProto of <paramref name="dims"/>.</summary>
    public static TensorProto Floats(string name, float[] values, long[] dims) =>
        Make(name, TensorProto.Types.DataType.Float, dims, LittleEndian(values));

    /// <summary>An int64 TensorProto of <paramref name="dims"/>.</summary>
    public static TensorProto Longs(string name, long[] values, long[] dims) =>
        Make(name, TensorProto.Types.DataType.Int64, dims, LittleEndian(values));

    /// <summary>ONNX's element type for <paramref name="dtype"/>.</summary>
    public static int ElementType(DType dtype) => (int)(dtype switch
    {
        DType.Float32 => TensorProto.Types.DataType.Float,
        DType.Float64 => TensorProto.Types.DataType.Double,
        DType.Int64 => TensorProto.Types.DataType.Int64,
        DType.Int32 => TensorProto.Types.DataType.Int32,
        DType.UInt8 => TensorProto.Types.DataType.Uint8,
        DType.Bool => TensorProto.Types.DataType.Bool,
        _ => throw new NotSupportedException($"ONNX export: dtype {dtype} has no ONNX element type here."),
    });

    private static TensorProto Make(string name, TensorProto.Types.DataType type, long[] dims, byte[] raw)
    {
        var t = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        t.Dims.Add(dims);
        return t;
    }

    private static byte[] LittleEndian<T>(T[] values) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            int size = Marshal.SizeOf<T>();
            for (int i = 0; i < bytes.Length; i += size) bytes.AsSpan(i, size).Reverse();
        }
        return bytes;
    }
}
