namespace KerasSharp.Saving;

/// <summary>
/// A readable, writable, seekable view of a file from <c>start</c> to its end, so that a writer that needs to seek
/// (PureHDF) can write a zip entry's data in place, straight into the archive.
/// </summary>
internal sealed class FileSliceStream(FileStream file, long start) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => true;
    public override long Length => file.Length - start;

    public override long Position
    {
        get => file.Position - start;
        set => file.Position = start + (value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value)));
    }

    public override int Read(byte[] buffer, int offset, int count) => file.Read(buffer, offset, count);
    public override int Read(Span<byte> buffer) => file.Read(buffer);
    public override void Write(byte[] buffer, int offset, int count) => file.Write(buffer, offset, count);
    public override void Write(ReadOnlySpan<byte> buffer) => file.Write(buffer);
    public override void Flush() => file.Flush();
    public override void SetLength(long value) => file.SetLength(start + value);

    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        Position = target;
        return target;
    }

    // The file belongs to the archive writer: disposing the view leaves it open.
}
