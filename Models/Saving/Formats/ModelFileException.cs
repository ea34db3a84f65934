namespace KerasSharp.Saving;

/// <summary>
/// A model or weights file that cannot be read: truncated, corrupt, hostile or of a kind we do not support.
/// The message reads <c>'&lt;file&gt;': &lt;entry&gt;: &lt;problem&gt;</c> (the entry part only when there is one).
/// </summary>
public class ModelFileException : IOException
{
    /// <summary>Creates the exception for <paramref name="filePath"/>, naming the <paramref name="entry"/> inside it if any.</summary>
    /// <param name="filePath">The file (or display name of a stream) that is bad.</param>
    /// <param name="entry">The zip entry, HDF5 object path or tensor name the problem is in; null for the file as a whole.</param>
    /// <param name="problem">What is wrong, in words.</param>
    /// <param name="inner">The exception that revealed the problem, if any.</param>
    public ModelFileException(string filePath, string? entry, string problem, Exception? inner = null)
        : base(Format(filePath, entry, problem), inner)
    {
        FilePath = filePath;
        Entry = entry;
        Problem = problem;
    }

    /// <summary>The file (or the display name of the stream) that is bad.</summary>
    public string FilePath { get; }

    /// <summary>The zip entry, HDF5 object path or tensor name the problem is in; null for the file as a whole.</summary>
    public string? Entry { get; }

    /// <summary>What is wrong, without the file and entry.</summary>
    public string Problem { get; }

    private static string Format(string filePath, string? entry, string problem) =>
        entry is null ? $"'{filePath}': {problem}" : $"'{filePath}': {entry}: {problem}";
}
