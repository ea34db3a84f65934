namespace KerasSharp.Datasets;

/// <summary>Reads an exact number of bytes that a header claims, growing the buffer only as the data arrives.</summary>
internal static class BoundedRead
{
    /// <summary>
    /// The next <paramref name="count"/> bytes of <paramref name="stream"/>, or null when it ends sooner: the buffer starts
    /// at most 1 MiB and doubles as bytes come, so a header that lies about the size costs no more than the input.
    /// </summary>
    public static byte[]? Exactly(Stream stream, long count)
    {
        if (count < 0 || count > Array.MaxLength) return null;
        var data = new byte[(int)Math.Min(count, 1 << 20)];
        long have = 0;
        while (have < count)
        {
            if (have == data.Length) Array.Resize(ref data, (int)Math.Min(count, (long)data.Length * 2));
            int n = stream.Read(data, (int)have, data.Length - (int)have);
            if (n == 0) return null;
            have += n;
        }
        return data;
    }
}
