using Microsoft.Win32.SafeHandles;

namespace KerasSharp.Saving;

/// <summary>
/// A read-only, seekable stream over bytes [start, start + length) of a file, read with positional reads
/// (no copy of the file, no shared file position). Used for stored zip entries and as the source of HDF5 reads.
/// </summary>
internal sealed class FileWindowStream : ReadOnlyPositionalStream
{
    private readonly SafeFileHandle _handle;
    private readonly bool _ownsHandle;
    private readonly SharedFileHandle? _shared;
    private readonly long _start;
    private readonly long _length;

    /// <summary>A window over <paramref name="handle"/>; the stream closes the handle when <paramref name="ownsHandle"/>.</summary>
    public FileWindowStream(SafeFileHandle handle, long start, long length, bool ownsHandle) : base(length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _handle = handle;
        _start = start;
        _length = length;
        _ownsHandle = ownsHandle;
    }

    /// <summary>A window over a shared handle; the stream takes one use of it and gives it back on dispose.</summary>
    public FileWindowStream(SharedFileHandle shared, long start, long length)
        : this(shared.Handle, start, length, ownsHandle: false)
    {
        shared.Acquire();
        _shared = shared;
    }

    /// <summary>Opens a window over a whole file, owning its own handle.</summary>
    public static FileWindowStream OpenFile(string path)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try { return new FileWindowStream(handle, 0, RandomAccess.GetLength(handle), ownsHandle: true); }
        catch { handle.Dispose(); throw; }
    }

    /// <summary>Reads at <paramref name="offset"/> within the window without moving the position; never past the window's end.</summary>
    public int ReadWindowAt(long offset, Span<byte> buffer) => ReadAt(offset, buffer);

    /// <inheritdoc/>
    protected override int ReadAt(long offset, Span<byte> buffer)
    {
        if (offset >= _length || buffer.IsEmpty) return 0;
        if (buffer.Length > _length - offset) buffer = buffer[..(int)(_length - offset)];
        int total = 0;
        while (total < buffer.Length)
        {
            int n = RandomAccess.Read(_handle, buffer[total..], _start + offset + total);
            if (n == 0) break;   // the file shrank under us: the caller sees a short read
            total += n;
        }
        return total;
    }

    private bool _disposed;

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            if (_ownsHandle) _handle.Dispose();
            _shared?.Release();
        }
        base.Dispose(disposing);
    }
}
