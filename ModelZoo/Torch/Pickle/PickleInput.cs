namespace KerasSharp.ModelZoo;

/// <summary>
/// The bytes a pickle is read from: a buffered, positional reader over [start, end) of a source, so that no length
/// the pickle declares is allocated before the bytes are known to be there.
/// </summary>
internal sealed class PickleInput
{
    /// <summary>Reads at an absolute offset; returns fewer bytes only at the end of the source.</summary>
    public delegate int ReadAt(long offset, Span<byte> buffer);

    private readonly ReadAt _read;
    private readonly long _end;
    private readonly bool _endIsLimit;
    private readonly byte[] _buffer;
    private long _bufferStart;
    private int _bufferLength;

    /// <summary>
    /// Reads from <paramref name="start"/> up to <paramref name="end"/>; <paramref name="endIsLimit"/> says the end is
    /// our size cap rather than the end of the data, which changes how running past it is reported.
    /// </summary>
    public PickleInput(ReadAt read, long start, long end, bool endIsLimit)
    {
        _read = read;
        _end = end;
        _endIsLimit = endIsLimit;
        _buffer = new byte[(int)Math.Clamp(end - start, 1, 1 << 16)];
        _bufferStart = start;
        Position = start;
    }

    /// <summary>The offset of the next byte.</summary>
    public long Position { get; private set; }

    /// <summary>Bytes left before the end.</summary>
    public long Remaining => _end - Position;

    /// <summary>One byte.</summary>
    public byte ReadByte()
    {
        if (Position - _bufferStart >= _bufferLength) Fill(1);
        return _buffer[Position++ - _bufferStart];
    }

    /// <summary>Fills <paramref name="destination"/>.</summary>
    public void ReadExactly(Span<byte> destination)
    {
        if (destination.Length > Remaining) throw PastEnd(destination.Length);
        while (!destination.IsEmpty)
        {
            if (Position - _bufferStart >= _bufferLength) Fill(1);
            int offset = (int)(Position - _bufferStart);
            int n = Math.Min(destination.Length, _bufferLength - offset);
            _buffer.AsSpan(offset, n).CopyTo(destination);
            destination = destination[n..];
            Position += n;
        }
    }

    /// <summary><paramref name="count"/> bytes as a new array, after checking that the data holds them.</summary>
    public byte[] ReadBytes(long count)
    {
        if (count < 0 || count > Remaining) throw PastEnd(count);
        var bytes = new byte[count];
        ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Bytes up to a newline (not included), at most <paramref name="maxBytes"/> of them.</summary>
    public byte[] ReadLine(int maxBytes)
    {
        var line = new List<byte>();
        while (true)
        {
            byte b = ReadByte();
            if (b == (byte)'\n') return [.. line];
            if (line.Count >= maxBytes) throw new PickleException($"a text line at byte {Position - line.Count - 1} is longer than {maxBytes} bytes.");
            line.Add(b);
        }
    }

    private void Fill(int needed)
    {
        if (Remaining < needed) throw PastEnd(needed);
        _bufferStart = Position;
        int want = (int)Math.Min(_buffer.Length, Remaining);
        int got = 0;
        while (got < want)
        {
            int n = _read(Position + got, _buffer.AsSpan(got, want - got));
            if (n <= 0) break;
            got += n;
        }
        _bufferLength = got;
        if (got < needed) throw new PickleException($"the data ends early at byte {Position + got}, in the middle of the pickle.");
    }

    private PickleException PastEnd(long count) => _endIsLimit
        ? new PickleException($"the pickle runs past the {TorchLimits.MaxPickleBytes}-byte limit for a pickle (at byte {Position}).")
        : new PickleException($"the pickle is cut off: {count} bytes needed at byte {Position}, {Remaining} left.");
}
