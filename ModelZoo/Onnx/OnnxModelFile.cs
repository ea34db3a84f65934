using Google.Protobuf;
using KerasSharp.Onnx.Proto;

namespace KerasSharp.Onnx;

/// <summary>Reads a <see cref="ModelProto"/> from a file, a stream or bytes, treating the input as hostile.</summary>
internal static class OnnxModelFile
{
    /// <summary>Parses the ONNX file at <paramref name="path"/>; its size is checked before anything is allocated.</summary>
    public static ModelProto Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"'{path}': no such ONNX file.", path);
        if (info.Length == 0) throw new OnnxFormatException(path, null, "the file is empty.");
        if (info.Length > OnnxLimits.MaxModelBytes)
            throw new OnnxFormatException(path, null, $"the file is {info.Length} bytes; ONNX files larger than {OnnxLimits.MaxModelBytes} bytes must keep their weights in external data files.");
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses an ONNX model from <paramref name="stream"/>, reading at most <see cref="OnnxLimits.MaxModelBytes"/>.</summary>
    public static ModelProto Read(Stream stream, string displayName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek && stream.Length - stream.Position > OnnxLimits.MaxModelBytes)
            throw new OnnxFormatException(displayName, null, $"the stream holds {stream.Length - stream.Position} bytes, more than the {OnnxLimits.MaxModelBytes} an ONNX model may have.");
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > OnnxLimits.MaxModelBytes)
                throw new OnnxFormatException(displayName, null, $"the stream holds more than the {OnnxLimits.MaxModelBytes} bytes an ONNX model may have.");
            buffer.Write(chunk, 0, n);
        }
        if (buffer.Length == 0) throw new OnnxFormatException(displayName, null, "the stream is empty.");
        return Parse(buffer.ToArray(), displayName);
    }

    /// <summary>Parses an ONNX model from <paramref name="bytes"/>; <paramref name="displayName"/> names it in errors.</summary>
    public static ModelProto Parse(byte[] bytes, string displayName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0) throw new OnnxFormatException(displayName, null, "the data is empty.");
        ModelProto model;
        try
        {
            // Every length prefix is checked against the bytes that remain, so a claimed size cannot allocate more than the file holds.
            var input = CodedInputStream.CreateWithLimits(new MemoryStream(bytes, writable: false), bytes.Length, OnnxLimits.MaxRecursion);
            model = ModelProto.Parser.ParseFrom(input);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxFormatException(displayName, null, $"not a valid ONNX (protobuf) file, it is truncated or corrupt: {e.Message}", e);
        }
        if (model.Graph is null)
            throw new OnnxFormatException(displayName, null, "the file holds no graph (field 7 of ModelProto is missing); is it an ONNX model?");
        if (model.IrVersion <= 0 || model.IrVersion > 100)
            throw new OnnxFormatException(displayName, null, $"ir_version {model.IrVersion} is not an ONNX IR version; the file is not an ONNX model or is corrupt.");
        return model;
    }
}
