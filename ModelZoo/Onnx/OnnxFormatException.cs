namespace KerasSharp.Onnx;

/// <summary>
/// An ONNX file (or one of its external data files) is damaged, truncated, inconsistent or uses something the importer
/// does not support. The message names the file, the tensor or node concerned and what is wrong.
/// </summary>
public sealed class OnnxFormatException : ModelFileException
{
    /// <summary>Creates the exception for <paramref name="filePath"/>, naming the <paramref name="entry"/> (a tensor or node) if any.</summary>
    /// <param name="filePath">The ONNX file (or the display name of the stream) that is bad.</param>
    /// <param name="entry">The tensor, node or external file the problem is in; null for the file as a whole.</param>
    /// <param name="problem">What is wrong, in words.</param>
    /// <param name="inner">The exception that revealed the problem, if any.</param>
    public OnnxFormatException(string filePath, string? entry, string problem, Exception? inner = null)
        : base(filePath, entry, problem, inner) { }
}
