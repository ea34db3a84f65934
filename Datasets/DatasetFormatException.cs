namespace KerasSharp.Datasets;

/// <summary>A dataset file is missing, truncated or malformed. The message names the file and the problem.</summary>
public sealed class DatasetFormatException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public DatasetFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }
}
