using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace KerasSharp.Datasets;

/// <summary>
/// NumPy's <c>.npy</c> format (versions 1 to 3): <see cref="Load(string)"/> reads bool, int8-64, uint8-64 and float16-64
/// arrays of either byte order and C or Fortran order into a tensor (int8/int16/uint16 widen to int32, uint32/uint64 to
/// int64, float16 to float32); <see cref="Save(string, Tensor)"/> writes a version 1.0 file. Files are read as hostile:
/// the header is bounded and the data size must match the shape before anything is allocated.
/// </summary>
public static class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const int MaxHeader = 1 << 20;

    /// <summary>Reads the array in the file at <paramref name="path"/>.</summary>
    /// <exception cref="DatasetFormatException">The file is not a .npy file, is truncated, or holds an unsupported dtype (object arrays included); the message names it.</exception>
    public static Tensor Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return Load(stream, path, stream.Length);
    }

    /// <summary>Reads one array from <paramref name="stream"/>; <paramref name="name"/> appears in errors, <paramref name="length"/> bounds the data.</summary>
    public static Tensor Load(Stream stream, string name, long length)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var array = Read(stream, name, length);
        return array.ToTensor();
    }

    /// <summary>Writes <paramref name="tensor"/> to <paramref name="path"/> as a version 1.0 .npy file (temporary name, then renamed).</summary>
    public static void Save(string path, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensor);
        AtomicWrite.Write(path, s => Save(s, tensor));
    }

    /// <summary>Writes <paramref name="tensor"/> to <paramref name="stream"/> in the .npy format.</summary>
    public static void Save(Stream stream, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensor);
        string descr = tensor.DType switch
        {
            DType.Bool => "|b1",
            DType.UInt8 => "|u1",
            DType.Int32 => "<i4",
            DType.Int64 => "<i8",
            DType.Float32 => "<f4",
            DType.Float64 => "<f8",
            _ => throw new NotSupportedException($"Npy.Save: no .npy dtype for {tensor.DType.Name()}."),
        };
        var dims = tensor.Shape.ToArray();
        string shape = dims.Length == 1 ? $"({dims[0]},)" : "(" + string.Join(", ", dims) + ")";
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        int total = Magic.Length + 2 + 2 + header.Length + 1;
        header += new string(' ', (64 - total % 64) % 64) + "\n";
        stream.Write(Magic);
        stream.Write([1, 0]);
        Span<byte> len = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)header.Length);
        stream.Write(len);
        stream.Write(Encoding.ASCII.GetBytes(header));
        var host = Array.CreateInstance(tensor.DType.ClrType(), tensor.Size);
        tensor.Backend.CopyToHost(tensor, host);
        var bytes = new byte[(long)tensor.Size * tensor.DType.SizeOf()];
        Buffer.BlockCopy(host, 0, bytes, 0, bytes.Length);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Npy.Save: big-endian hosts are not supported.");
        stream.Write(bytes);
    }

    /// <summary>A parsed header: the dtype descriptor, the order and the shape.</summary>
    internal sealed record Header(string Descr, bool FortranOrder, int[] Shape);

    /// <summary>A decoded array: flat data in C order and its shape.</summary>
    internal sealed record HostArray(Array Data, int[] Shape)
    {
        public Tensor ToTensor() =>
            KerasSharp.Backend.Current.FromHost(Data, new Shape(Shape), DTypes.Of(Data.GetType().GetElementType()!), Device.Default);
    }

    internal static HostArray Read(Stream stream, string name, long length)
    {
        var header = ReadHeader(stream, name, out int headerBytes);
        long left = length - headerBytes;
        if (header.Descr.EndsWith('O'))
            throw new DatasetFormatException(name, "holds an object (pickled) array; only numeric arrays can be read.");
        var (kind, size, little) = ParseDescr(header.Descr, name);
        long count = 1;
        foreach (var d in header.Shape) count *= d;   // each dim < 2^31 and checked below against the bytes left
        long bytes = count * size;
        if (count > int.MaxValue || bytes > left)
            throw new DatasetFormatException(name, $"the header claims shape ({string.Join(", ", header.Shape)}) of {header.Descr}, {bytes} bytes, but {left} bytes follow (truncated or damaged).");
        var raw = BoundedRead.Exactly(stream, bytes)
            ?? throw new DatasetFormatException(name, $"the data ends before the {bytes} bytes of shape ({string.Join(", ", header.Shape)}) of {header.Descr} (truncated).");
        var data = Decode(raw, (int)count, kind, size, little);
        if (header.FortranOrder && header.Shape.Length > 1) data = FortranToC(data, header.Shape);
        return new HostArray(data, header.Shape);
    }

    /// <summary>The items of a 1-D object array (a pickle after the header), read by the restricted unpickler.</summary>
    internal static List<object?> ReadObjects(Stream stream, string name, long length)
    {
        var header = ReadHeader(stream, name, out int headerBytes);
        if (!header.Descr.EndsWith('O')) throw new DatasetFormatException(name, $"expected an object array, got dtype '{header.Descr}'.");
        long left = length - headerBytes;
        if (left <= 0 || left > int.MaxValue) throw new DatasetFormatException(name, $"the object array's pickle claims {left} bytes.");
        var bytes = BoundedRead.Exactly(stream, left)
            ?? throw new DatasetFormatException(name, "the file ends inside the object array's pickle (truncated).");
        return ObjectArrayPickle.ReadItems(bytes, name);
    }

    internal static Header ReadHeader(Stream stream, string name, out int headerBytes)
    {
        Span<byte> pre = stackalloc byte[8];
        try { stream.ReadExactly(pre); }
        catch (EndOfStreamException) { throw new DatasetFormatException(name, "too short to be a .npy file."); }
        if (!pre[..6].SequenceEqual(Magic)) throw new DatasetFormatException(name, "not a .npy file (the magic string \\x93NUMPY is missing).");
        int major = pre[6];
        int headerLength;
        int lengthBytes;
        if (major == 1) { Span<byte> l = stackalloc byte[2]; ReadOrFail(stream, l, name); headerLength = BinaryPrimitives.ReadUInt16LittleEndian(l); lengthBytes = 2; }
        else if (major is 2 or 3)
        {
            Span<byte> l = stackalloc byte[4];
            ReadOrFail(stream, l, name);
            uint v = BinaryPrimitives.ReadUInt32LittleEndian(l);
            if (v > MaxHeader) throw new DatasetFormatException(name, $"the header claims {v} bytes (more than {MaxHeader}).");
            headerLength = (int)v;
            lengthBytes = 4;
        }
        else throw new DatasetFormatException(name, $"unsupported .npy version {major}.{pre[7]}.");
        var text = new byte[headerLength];
        try { stream.ReadExactly(text); }
        catch (EndOfStreamException) { throw new DatasetFormatException(name, "the file ends inside its header (truncated)."); }
        headerBytes = 8 + lengthBytes + headerLength;
        return ParseHeader(Encoding.Latin1.GetString(text), name);
    }

    private static void ReadOrFail(Stream stream, Span<byte> buffer, string name)
    {
        try { stream.ReadExactly(buffer); }
        catch (EndOfStreamException) { throw new DatasetFormatException(name, "the file ends inside its header (truncated)."); }
    }

    private static Header ParseHeader(string text, string name)
    {
        string Value(string key)
        {
            int k = text.IndexOf($"'{key}'", StringComparison.Ordinal);
            if (k < 0) throw new DatasetFormatException(name, $"the header has no '{key}': {Short(text)}");
            int colon = text.IndexOf(':', k);
            if (colon < 0) throw new DatasetFormatException(name, $"the header's '{key}' has no value: {Short(text)}");
            return text[(colon + 1)..].TrimStart();
        }
        var d = Value("descr");
        if (d.Length < 2 || d[0] is not ('\'' or '"')) throw new DatasetFormatException(name, $"the header's descr is not a string: {Short(text)}");
        int end = d.IndexOf(d[0], 1);
        if (end < 0) throw new DatasetFormatException(name, $"the header's descr is not closed: {Short(text)}");
        string descr = d[1..end];
        var f = Value("fortran_order");
        bool fortran = f.StartsWith("True", StringComparison.Ordinal) ? true
                     : f.StartsWith("False", StringComparison.Ordinal) ? false
                     : throw new DatasetFormatException(name, $"the header's fortran_order is neither True nor False: {Short(text)}");
        var s = Value("shape");
        if (!s.StartsWith('(')) throw new DatasetFormatException(name, $"the header's shape is not a tuple: {Short(text)}");
        int close = s.IndexOf(')');
        if (close < 0) throw new DatasetFormatException(name, $"the header's shape is not closed: {Short(text)}");
        var parts = s[1..close].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 32) throw new DatasetFormatException(name, $"the header claims {parts.Length} dimensions.");
        var shape = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            var p = parts[i].TrimEnd('L');
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
                throw new DatasetFormatException(name, $"the header's shape has '{parts[i]}', not a dimension below 2^31: {Short(text)}");
        }
        return new Header(descr, fortran, shape);
    }

    private static string Short(string s) => s.Length > 200 ? s[..200] + "..." : s.TrimEnd();

    private static (char Kind, int Size, bool Little) ParseDescr(string descr, string name)
    {
        if (descr.Length < 3 || descr[0] is not ('<' or '>' or '|' or '='))
            throw new DatasetFormatException(name, $"unsupported dtype '{descr}'.");
        char kind = descr[1];
        if (!int.TryParse(descr.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int size))
            throw new DatasetFormatException(name, $"unsupported dtype '{descr}'.");
        bool ok = kind switch
        {
            'b' => size == 1,
            'u' or 'i' => size is 1 or 2 or 4 or 8,
            'f' => size is 2 or 4 or 8,
            _ => false,
        };
        if (!ok) throw new DatasetFormatException(name, $"unsupported dtype '{descr}' (bool, integers and floats are read).");
        bool little = descr[0] != '>' && (descr[0] != '=' || BitConverter.IsLittleEndian);
        return (kind, size, little);
    }

    private static Array Decode(byte[] raw, int count, char kind, int size, bool little)
    {
        ulong U(int i)
        {
            var span = raw.AsSpan(i * size, size);
            return size switch
            {
                1 => span[0],
                2 => little ? BinaryPrimitives.ReadUInt16LittleEndian(span) : BinaryPrimitives.ReadUInt16BigEndian(span),
                4 => little ? BinaryPrimitives.ReadUInt32LittleEndian(span) : BinaryPrimitives.ReadUInt32BigEndian(span),
                _ => little ? BinaryPrimitives.ReadUInt64LittleEndian(span) : BinaryPrimitives.ReadUInt64BigEndian(span),
            };
        }
        switch (kind, size)
        {
            case ('b', _): { var r = new bool[count]; for (int i = 0; i < count; i++) r[i] = raw[i] != 0; return r; }
            case ('u', 1): return raw.Length == count ? raw : raw[..count];
            case ('i', 1): { var r = new int[count]; for (int i = 0; i < count; i++) r[i] = (sbyte)raw[i]; return r; }
            case ('i', 2): { var r = new int[count]; for (int i = 0; i < count; i++) r[i] = (short)U(i); return r; }
            case ('u', 2): { var r = new int[count]; for (int i = 0; i < count; i++) r[i] = (ushort)U(i); return r; }
            case ('i', 4): { var r = new int[count]; for (int i = 0; i < count; i++) r[i] = (int)U(i); return r; }
            case ('u', 4): { var r = new long[count]; for (int i = 0; i < count; i++) r[i] = (uint)U(i); return r; }
            case ('i', 8) or ('u', 8): { var r = new long[count]; for (int i = 0; i < count; i++) r[i] = (long)U(i); return r; }
            case ('f', 2): { var r = new float[count]; for (int i = 0; i < count; i++) r[i] = (float)BitConverter.UInt16BitsToHalf((ushort)U(i)); return r; }
            case ('f', 4): { var r = new float[count]; for (int i = 0; i < count; i++) r[i] = BitConverter.UInt32BitsToSingle((uint)U(i)); return r; }
            default: { var r = new double[count]; for (int i = 0; i < count; i++) r[i] = BitConverter.UInt64BitsToDouble(U(i)); return r; }
        }
    }

    private static Array FortranToC(Array data, int[] shape)
    {
        int n = data.Length;
        var result = Array.CreateInstance(data.GetType().GetElementType()!, n);
        int rank = shape.Length;
        var index = new int[rank];
        for (int f = 0; f < n; f++)
        {
            // f walks Fortran order (first axis fastest); compute the C-order position of the same index.
            int c = 0;
            for (int d = 0; d < rank; d++) c = c * shape[d] + index[d];
            result.SetValue(data.GetValue(f), c);
            for (int d = 0; d < rank; d++) { if (++index[d] < shape[d]) break; index[d] = 0; }
        }
        return result;
    }
}

