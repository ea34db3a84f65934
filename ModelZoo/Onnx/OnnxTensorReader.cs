using System.Buffers.Binary;
using KerasSharp.Onnx.Proto;

namespace KerasSharp.Onnx;

/// <summary>
/// Reads a <see cref="TensorProto"/> (an initializer or a Constant's value) into host values, from its typed fields
/// (<c>float_data</c>, <c>int64_data</c>, <c>int32_data</c>, <c>double_data</c>), <c>raw_data</c> or an external data
/// file. Counts are checked against the dims before anything is allocated; external files must lie inside the model's
/// folder and hold the bytes the tensor claims. float16 and bfloat16 are widened to float32, int8/int16/uint16 to int32.
/// </summary>
internal static class OnnxTensorReader
{
    /// <summary>The host values of <paramref name="tensor"/>.</summary>
    /// <param name="tensor">The tensor as parsed.</param>
    /// <param name="file">The ONNX file's path or display name, for errors.</param>
    /// <param name="folder">The folder external data files are resolved in (null: external data is refused).</param>
    public static OnnxHostTensor Read(TensorProto tensor, string file, string? folder)
    {
        string entry = $"tensor '{tensor.Name}'";
        var type = (TensorProto.Types.DataType)tensor.DataType;
        if (tensor.Dims.Count > OnnxLimits.MaxRank)
            throw new OnnxFormatException(file, entry, $"{tensor.Dims.Count} dims, more than the {OnnxLimits.MaxRank} allowed.");
        var shape = new int[tensor.Dims.Count];
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            long d = tensor.Dims[i];
            if (d < 0) throw new OnnxFormatException(file, entry, $"dims [{string.Join(", ", tensor.Dims)}] hold a negative size.");
            if (d > OnnxLimits.MaxElements || (count *= d) > OnnxLimits.MaxElements)
                throw new OnnxFormatException(file, entry, $"dims [{string.Join(", ", tensor.Dims)}] make more than {OnnxLimits.MaxElements} elements.");
            shape[i] = (int)d;
        }
        int n = (int)count;
        if (tensor.Segment is not null) throw new OnnxFormatException(file, entry, "segmented tensors are not supported.");
        var (dtype, bytesPerElement) = Element(type, file, entry);

        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
            return FromBytes(type, dtype, shape, n, ReadExternal(tensor, file, folder, entry, (long)n * bytesPerElement), file, entry);
        if (!tensor.RawData.IsEmpty)
        {
            if (tensor.RawData.Length != (long)n * bytesPerElement)
                throw new OnnxFormatException(file, entry, $"raw_data holds {tensor.RawData.Length} bytes; dims [{string.Join(", ", tensor.Dims)}] of {type} need {(long)n * bytesPerElement}.");
            return FromBytes(type, dtype, shape, n, tensor.RawData.Span, file, entry);
        }
        return FromTyped(tensor, type, dtype, shape, n, file, entry);
    }

    private static (DType DType, int Bytes) Element(TensorProto.Types.DataType type, string file, string entry) => type switch
    {
        TensorProto.Types.DataType.Float => (DType.Float32, 4),
        TensorProto.Types.DataType.Double => (DType.Float64, 8),
        TensorProto.Types.DataType.Int64 => (DType.Int64, 8),
        TensorProto.Types.DataType.Int32 => (DType.Int32, 4),
        TensorProto.Types.DataType.Int16 => (DType.Int32, 2),
        TensorProto.Types.DataType.Uint16 => (DType.Int32, 2),
        TensorProto.Types.DataType.Int8 => (DType.Int32, 1),
        TensorProto.Types.DataType.Uint8 => (DType.UInt8, 1),
        TensorProto.Types.DataType.Bool => (DType.Bool, 1),
        TensorProto.Types.DataType.Float16 => (DType.Float32, 2),
        TensorProto.Types.DataType.Bfloat16 => (DType.Float32, 2),
        _ => throw new OnnxFormatException(file, entry, $"element type {type} ({(int)type}) is not supported; supported: float, double, float16, bfloat16, int64, int32, int16, uint16, int8, uint8, bool."),
    };

    private static OnnxHostTensor FromBytes(TensorProto.Types.DataType type, DType dtype, int[] shape, int n, ReadOnlySpan<byte> b, string file, string entry)
    {
        Array data;
        switch (type)
        {
            case TensorProto.Types.DataType.Float:
            {
                var f = new float[n];
                for (int i = 0; i < n; i++) f[i] = BinaryPrimitives.ReadSingleLittleEndian(b[(4 * i)..]);
                data = f; break;
            }
            case TensorProto.Types.DataType.Double:
            {
                var d = new double[n];
                for (int i = 0; i < n; i++) d[i] = BinaryPrimitives.ReadDoubleLittleEndian(b[(8 * i)..]);
                data = d; break;
            }
            case TensorProto.Types.DataType.Int64:
            {
                var l = new long[n];
                for (int i = 0; i < n; i++) l[i] = BinaryPrimitives.ReadInt64LittleEndian(b[(8 * i)..]);
                data = l; break;
            }
            case TensorProto.Types.DataType.Int32:
            {
                var v = new int[n];
                for (int i = 0; i < n; i++) v[i] = BinaryPrimitives.ReadInt32LittleEndian(b[(4 * i)..]);
                data = v; break;
            }
            case TensorProto.Types.DataType.Int16:
            {
                var v = new int[n];
                for (int i = 0; i < n; i++) v[i] = BinaryPrimitives.ReadInt16LittleEndian(b[(2 * i)..]);
                data = v; break;
            }
            case TensorProto.Types.DataType.Uint16:
            {
                var v = new int[n];
                for (int i = 0; i < n; i++) v[i] = BinaryPrimitives.ReadUInt16LittleEndian(b[(2 * i)..]);
                data = v; break;
            }
            case TensorProto.Types.DataType.Int8:
            {
                var v = new int[n];
                for (int i = 0; i < n; i++) v[i] = (sbyte)b[i];
                data = v; break;
            }
            case TensorProto.Types.DataType.Uint8:
                data = b[..n].ToArray(); break;
            case TensorProto.Types.DataType.Bool:
            {
                var v = new bool[n];
                for (int i = 0; i < n; i++) v[i] = b[i] != 0;
                data = v; break;
            }
            case TensorProto.Types.DataType.Float16:
            {
                var f = new float[n];
                for (int i = 0; i < n; i++) f[i] = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(b[(2 * i)..]));
                data = f; break;
            }
            case TensorProto.Types.DataType.Bfloat16:
            {
                var f = new float[n];
                for (int i = 0; i < n; i++) f[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b[(2 * i)..]) << 16);
                data = f; break;
            }
            default:
                throw new OnnxFormatException(file, entry, $"element type {type} is not supported.");
        }
        return new OnnxHostTensor(dtype, shape, data);
    }

    private static OnnxHostTensor FromTyped(TensorProto t, TensorProto.Types.DataType type, DType dtype, int[] shape, int n, string file, string entry)
    {
        void Check(int have, string field)
        {
            if (have != n)
                throw new OnnxFormatException(file, entry, $"{field} holds {have} values; dims [{string.Join(", ", t.Dims)}] need {n}.");
        }
        Array data;
        switch (type)
        {
            case TensorProto.Types.DataType.Float:
                Check(t.FloatData.Count, "float_data"); data = t.FloatData.ToArray(); break;
            case TensorProto.Types.DataType.Double:
                Check(t.DoubleData.Count, "double_data"); data = t.DoubleData.ToArray(); break;
            case TensorProto.Types.DataType.Int64:
                Check(t.Int64Data.Count, "int64_data"); data = t.Int64Data.ToArray(); break;
            case TensorProto.Types.DataType.Int32:
            case TensorProto.Types.DataType.Int16:
            case TensorProto.Types.DataType.Uint16:
            case TensorProto.Types.DataType.Int8:
                Check(t.Int32Data.Count, "int32_data"); data = t.Int32Data.ToArray(); break;
            case TensorProto.Types.DataType.Uint8:
                Check(t.Int32Data.Count, "int32_data");
                data = t.Int32Data.Select(v => (byte)v).ToArray(); break;
            case TensorProto.Types.DataType.Bool:
                Check(t.Int32Data.Count, "int32_data");
                data = t.Int32Data.Select(v => v != 0).ToArray(); break;
            case TensorProto.Types.DataType.Float16:
                Check(t.Int32Data.Count, "int32_data");
                data = t.Int32Data.Select(v => (float)BitConverter.UInt16BitsToHalf((ushort)v)).ToArray(); break;
            case TensorProto.Types.DataType.Bfloat16:
                Check(t.Int32Data.Count, "int32_data");
                data = t.Int32Data.Select(v => BitConverter.Int32BitsToSingle((v & 0xFFFF) << 16)).ToArray(); break;
            default:
                throw new OnnxFormatException(file, entry, $"element type {type} is not supported.");
        }
        return new OnnxHostTensor(dtype, shape, data);
    }

    // ONNX's external data: location (relative to the model's folder), offset and length in bytes.
    private static byte[] ReadExternal(TensorProto t, string file, string? folder, string entry, long needed)
    {
        if (folder is null)
            throw new OnnxFormatException(file, entry, "the tensor's data is in an external file, but the model was not loaded from a path; load it with OnnxModel.Load(path).");
        string? location = null;
        long offset = 0, length = -1;
        foreach (var kv in t.ExternalData)
        {
            switch (kv.Key)
            {
                case "location": location = kv.Value; break;
                case "offset":
                    if (!long.TryParse(kv.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out offset))
                        throw new OnnxFormatException(file, entry, $"external data offset '{kv.Value}' is not a non-negative integer.");
                    break;
                case "length":
                    if (!long.TryParse(kv.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out length))
                        throw new OnnxFormatException(file, entry, $"external data length '{kv.Value}' is not a non-negative integer.");
                    break;
            }
        }
        if (string.IsNullOrEmpty(location)) throw new OnnxFormatException(file, entry, "external data without a location.");
        if (Path.IsPathRooted(location) || location.Contains('\0'))
            throw new OnnxFormatException(file, entry, $"external data location '{location}' must be a path relative to the model's folder.");
        string root = Path.GetFullPath(folder);
        string full = Path.GetFullPath(Path.Combine(root, location));
        string rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal))
            throw new OnnxFormatException(file, entry, $"external data location '{location}' leaves the model's folder '{root}'; only files inside it are read.");
        var info = new FileInfo(full);
        if (info.LinkTarget is not null)
            throw new OnnxFormatException(file, entry, $"external data location '{location}' is a symbolic link; only plain files inside the model's folder are read.");
        if (!info.Exists) throw new OnnxFormatException(file, entry, $"external data file '{location}' does not exist in '{root}'.");
        if (length >= 0 && length != needed)
            throw new OnnxFormatException(file, entry, $"external data length {length} differs from the {needed} bytes the tensor's dims and type need.");
        if (offset > info.Length || needed > info.Length - offset)
            throw new OnnxFormatException(file, entry, $"external data file '{location}' has {info.Length} bytes; offset {offset} + length {needed} runs past its end.");
        var bytes = new byte[needed];
        using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read);
        stream.Seek(offset, SeekOrigin.Begin);
        stream.ReadExactly(bytes);
        return bytes;
    }
}
