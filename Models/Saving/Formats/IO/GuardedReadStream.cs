using System.Runtime.CompilerServices;

namespace KerasSharp.Saving;

/// <summary>
/// The only way PureHDF sees a file: a read-only, seekable, buffered stream that also guards the process against
/// hostile files. Every read checks that the stack has room (deep recursion on a crafted file stops with an
/// exception instead of a stack overflow, which would kill the process) and counts against a per-operation
/// budget of reads (a loop in a crafted structure stops instead of hanging).
/// </summary>
internal sealed class GuardedReadStream : ReadOnlyPositionalStream
{
    private const int BufferSize = 16 * 1024;

    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly long _length;
    private readonly byte[] _buffer = new byte[BufferSize];
    private long _bufferStart;
    private int _bufferLength;
    private long _readsLeft = long.MaxValue;

    /// <summary>Wraps <paramref name="inner"/> (readable and seekable); its length is fixed at this moment.</summary>
    public GuardedReadStream(Stream inner, bool leaveOpen) : base(inner.Length)
    {
        if (!inner.CanRead || !inner.CanSeek) throw new ArgumentException("The stream must be readable and seekable.", nameof(inner));
        _inner = inner;
        _leaveOpen = leaveOpen;
        _length = inner.Length;
    }

    /// <summary>Starts one operation: at most <paramref name="maxReads"/> read calls until the next call.</summary>
    public void StartOperation(long maxReads) => _readsLeft = maxReads;

    /// <summary>Reads budget for one operation on a file of this length: generous for any real file, finite for a loop.</summary>
    public long DefaultReadBudget => 4_000_000 + _length / 16;

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/> or throws when the file ends first.</summary>
    public void ReadExactlyAt(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset > _length || buffer.Length > _length - offset)
            throw new InvalidDataException($"the file is truncated or an address is wrong: {buffer.Length} bytes needed at offset {offset}, the file has {_length}.");
        if (ReadAt(offset, buffer) != buffer.Length)
            throw new InvalidDataException($"the file ended early while reading {buffer.Length} bytes at offset {offset}.");
    }

    /// <inheritdoc/>
    protected override int ReadAt(long offset, Span<byte> buffer)
    {
        Guard();
        if (offset >= _length || buffer.IsEmpty) return 0;
        if (buffer.Length > _length - offset) buffer = buffer[..(int)(_length - offset)];

        // Large reads (dataset bodies) go straight to the destination; small metadata reads come from a buffer.
        if (buffer.Length >= BufferSize) return ReadInner(offset, buffer);
        if (offset < _bufferStart || offset + buffer.Length > _bufferStart + _bufferLength)
        {
            _bufferStart = offset;
            _bufferLength = ReadInner(offset, _buffer.AsSpan(0, (int)Math.Min(BufferSize, _length - offset)));
            if (_bufferLength < buffer.Length) buffer = buffer[.._bufferLength];
        }
        _buffer.AsSpan((int)(offset - _bufferStart), buffer.Length).CopyTo(buffer);
        return buffer.Length;
    }

    private void Guard()
    {
        // Checked on every read: a crafted cycle in PureHDF's recursive structures reads as it recurses.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new InvalidDataException("the file's structures nest too deeply (a cycle in a crafted file?).");
        if (--_readsLeft < 0)
            throw new InvalidDataException("reading the file's structures does not end (a cycle in a crafted file?).");
    }

    private int ReadInner(long offset, Span<byte> destination)
    {
        if (_inner is FileWindowStream window) return window.ReadWindowAt(offset, destination);
        _inner.Position = offset;
        int total = 0;
        while (total < destination.Length)
        {
            int n = _inner.Read(destination[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen) _inner.Dispose();
        base.Dispose(disposing);
    }
}
