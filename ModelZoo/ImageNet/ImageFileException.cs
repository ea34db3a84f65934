namespace KerasSharp.ModelZoo;

/// <summary>
/// An image that cannot be used: empty, not an image in a supported format, truncated, corrupt, or larger than
/// <see cref="ImageLimits"/> allow. The message reads <c>'&lt;file&gt;': &lt;problem&gt;</c>.
/// </summary>
/// <remarks>
/// A <see cref="ModelFileException"/> (and so an <see cref="IOException"/>), as every bad outside file the zoo reads
/// is, so one <c>catch (ModelFileException)</c> covers weights and images alike. A file that does not exist is not
/// this error: opening it throws <see cref="FileNotFoundException"/> as usual.
/// </remarks>
public sealed class ImageFileException : ModelFileException
{
    /// <summary>Creates the exception for <paramref name="filePath"/>.</summary>
    /// <param name="filePath">The file (or display name of a stream) that is bad.</param>
    /// <param name="problem">What is wrong, in words.</param>
    /// <param name="inner">The decoder's exception that revealed the problem, if any.</param>
    public ImageFileException(string filePath, string problem, Exception? inner = null)
        : base(filePath, null, problem, inner)
    {
    }
}
