namespace KerasSharp.Saving;

/// <summary>
/// Writes files so that a crash or an exception never leaves a half-written file where a good one was:
/// the content goes to a temporary file in the same folder, is flushed to disk, then renamed over the target.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Creates or replaces <paramref name="path"/> with what <paramref name="write"/> puts in the stream it is given
    /// (readable, writable and seekable, positioned at 0). If <paramref name="write"/> throws, the temporary file is
    /// deleted, the old file (if any) is left as it was, and the exception propagates.
    /// </summary>
    /// <param name="path">The target file; a bare file name means the current folder.</param>
    /// <param name="write">Writes the whole content.</param>
    public static void Write(string path, Action<FileStream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var fullPath = Path.GetFullPath(path);
        var name = Path.GetFileName(fullPath);
        if (name.Length == 0) throw new ArgumentException($"'{path}' names a folder, not a file.", nameof(path));
        var folder = Path.GetDirectoryName(fullPath)!;
        // Same folder as the target, so the final rename stays on one file system and is atomic there.
        var temp = Path.Combine(folder, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Creates or replaces <paramref name="path"/> with <paramref name="bytes"/>, atomically (see <see cref="Write"/>).</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        // A span cannot be captured by the lambda: copy it once (callers pass small files here).
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    private static void TryDelete(string temp)
    {
        try { File.Delete(temp); }
        catch (IOException) { /* best effort: the original exception matters more */ }
        catch (UnauthorizedAccessException) { }
    }
}
