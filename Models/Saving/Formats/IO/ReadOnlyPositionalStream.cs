namespace KerasSharp.Saving;

/// <summary>
/// A read-only, seekable stream of fixed length whose reads go through one positional read: subclasses implement
/// <see cref="ReadAt"/> and get Read, Seek and Position (a negative position is refused).
/// </summary>
internal abstract class ReadOnlyPositionalStream(long length) : Stream
{
    private long _position;

    /// <summary>Reads at <paramref name="offset"/> without moving the position; returns fewer bytes only at the end.</summary>
    protected abstract int ReadAt(long offset, Span<byte> buffer);

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new IOException($"Seek to a negative position ({value}).");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = ReadAt(_position, buffer);
        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        Position = target;
        return target;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
