using System.Buffers.Binary;
using System.IO.Compression;

namespace KerasSharp.Datasets;

/// <summary>
/// Reads IDX files of unsigned bytes (the MNIST family's format), plain or gzip-compressed.
/// The input is treated as hostile: the header is checked, and memory grows only with data actually read,
/// never to the size the header merely claims.
/// </summary>
public static class IdxReader
{
    /// <summary>Largest element count accepted (the biggest real IDX dataset is far below this).</summary>
    public const long MaxElements = 1L << 30;

    /// <summary>Reads <paramref name="path"/>; returns its dimensions and bytes.</summary>
    public static (int[] Shape, byte[] Data) Read(string path)
    {
        if (!File.Exists(path)) throw new DatasetFormatException(path, "file not found.");
        try
        {
            using var file = File.OpenRead(path);
            using var stream = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            return Read(stream, path);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(path, $"corrupt gzip data ({e.Message}).", e);
        }
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        int n = file.Read(magic);
        file.Position = 0;
        return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    /// <summary>Reads an IDX stream; <paramref name="name"/> appears in error messages.</summary>
    public static (int[] Shape, byte[] Data) Read(Stream stream, string name)
    {
        Span<byte> header = stackalloc byte[4];
        if (ReadFully(stream, header) < 4) throw new DatasetFormatException(name, "file is shorter than the 4-byte IDX header.");
        if (header[0] != 0 || header[1] != 0)
            throw new DatasetFormatException(name, $"not an IDX file (magic bytes {header[0]:x2} {header[1]:x2}, expected 00 00).");
        if (header[2] != 0x08)
            throw new DatasetFormatException(name, $"IDX element type 0x{header[2]:x2} is not supported (only 0x08, unsigned bytes).");
        int rank = header[3];
        if (rank is < 1 or > 4) throw new DatasetFormatException(name, $"IDX rank {rank} is out of range (1 to 4).");

        var shape = new int[rank];
        Span<byte> dim = stackalloc byte[4];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            if (ReadFully(stream, dim) < 4) throw new DatasetFormatException(name, $"truncated header: dimension {i} of {rank} is missing.");
            int d = BinaryPrimitives.ReadInt32BigEndian(dim);
            if (d < 0) throw new DatasetFormatException(name, $"dimension {i} is negative ({d}).");
            shape[i] = d;
            count *= d;
            if (count > MaxElements) throw new DatasetFormatException(name, $"header claims more than {MaxElements} elements ([{string.Join(",", shape[..(i + 1)])}...]).");
        }

        // Grow the buffer as data arrives so a lying header cannot make us allocate what the file lacks.
        var data = new byte[(int)Math.Min(count, 1 << 20)];
        long have = 0;
        while (have < count)
        {
            if (have == data.Length) Array.Resize(ref data, (int)Math.Min(count, (long)data.Length * 2));
            int n = stream.Read(data, (int)have, data.Length - (int)have);
            if (n == 0)
                throw new DatasetFormatException(name, $"truncated: the header [{string.Join(",", shape)}] needs {count} data bytes but the file holds {have}.");
            have += n;
        }
        if (stream.ReadByte() != -1)
            throw new DatasetFormatException(name, $"unexpected data after the {count} bytes that the header [{string.Join(",", shape)}] describes.");
        return (shape, data);
    }

    private static int ReadFully(Stream s, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = s.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
