using System.Security.Cryptography;
using KerasSharp.Datasets;

namespace KerasSharp;

public static partial class Utils
{
    /// <summary>
    /// Downloads a file into a cache folder unless it is already there, and returns its path (Keras's <c>get_file</c>).
    /// The file goes to <c>{cacheDir}/{cacheSubdir}/{fname}</c> (cacheDir defaults to <c>$KERASSHARP_HOME</c>, else
    /// <c>~/.keras-sharp</c>). With <paramref name="fileHash"/> (SHA-256, hex) a download is kept only if it matches,
    /// and a cached file that does not match is fetched again. The bytes go to a temporary file that is renamed into
    /// place only when complete; at most <paramref name="maxSize"/> bytes are accepted. With <paramref name="extract"/> a
    /// .tar, .tar.gz/.tgz or .zip archive is extracted safely (no absolute paths, no "..", no links, at most
    /// <paramref name="maxExtractedBytes"/> bytes) into a folder named after it, whose path is returned.
    /// <c>KERASSHARP_OFFLINE=1</c> turns a missing file into an error that says where to put it.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file is missing and downloads are off.</exception>
    /// <exception cref="DatasetDownloadException">The download failed or did not match the hash; the message says why.</exception>
    /// <exception cref="DatasetFormatException">The archive is damaged or hostile; the message names it and the entry.</exception>
    public static string GetFile(string fname, string origin, string? fileHash = null, string cacheSubdir = "datasets",
                                 bool extract = false, string? cacheDir = null, bool forceDownload = false,
                                 long maxSize = 8L << 30, long maxExtractedBytes = 32L << 30)
    {
        ArgumentNullException.ThrowIfNull(fname);
        ArgumentNullException.ThrowIfNull(origin);
        if (fname.Length == 0 || fname != Path.GetFileName(fname) || fname is "." or "..")
            throw new ArgumentException($"GetFile: fname must be a plain file name, got '{fname}'.");
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"GetFile: origin must be an absolute http:// or https:// URL, got '{origin}'.");
        if (fileHash is not null && (fileHash.Length != 64 || !fileHash.All(Uri.IsHexDigit)))
            throw new ArgumentException($"GetFile: fileHash must be a SHA-256 digest (64 hex digits), got '{fileHash}'.");
        var folder = Path.Combine(cacheDir ?? IdxImageDataset.KerasSharpHome, cacheSubdir);
        var path = Path.Combine(folder, fname);
        bool have = File.Exists(path) && !forceDownload;
        if (have && fileHash is not null && !HashMatches(path, fileHash))
        {
            Console.Error.WriteLine($"GetFile: {path} does not match the expected SHA-256; downloading it again.");
            have = false;
        }
        if (!have)
        {
            var hint = $"To get it without a download, copy {fname} (from {origin}) into {folder}.";
            if (DownloadSettings.Offline)
                throw new FileNotFoundException($"GetFile: {fname} is not in {folder}, and downloads are switched off ({DownloadSettings.OfflineVariable}=1). {hint}", path);
            if (File.Exists(path)) File.Delete(path);
            var known = new KnownFile(fname, null, fileHash?.ToLowerInvariant(), [origin], MaxSize: maxSize);
            FileDownloader.Download("GetFile", known, folder, hint);
        }
        return extract ? ArchiveExtractor.Extract(path, maxExtractedBytes) : path;
    }

    private static bool HashMatches(string path, string sha256)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream)).Equals(sha256, StringComparison.OrdinalIgnoreCase);
    }
}
