namespace KerasSharp.Datasets;

/// <summary>
/// A dataset file could not be downloaded: every URL failed (HTTP error, network error, wrong size or SHA-256).
/// The message names the file, each URL tried with its problem, and how to get the file without a download.
/// </summary>
public sealed class DatasetDownloadException : IOException
{
    /// <summary>Creates the exception for the file that should have been written to <paramref name="path"/>.</summary>
    public DatasetDownloadException(string path, string message, Exception? inner = null)
        : base(message, inner)
    {
        FilePath = path;
    }

    /// <summary>Where the file would have been put (in the cache folder).</summary>
    public string FilePath { get; }

    /// <summary>Every URL answered 404 Not Found: the file is not published there (an optional file may simply not exist).</summary>
    public bool NotFound { get; init; }
}
