using System.Net;
using System.Security.Cryptography;

namespace KerasSharp.Datasets;

/// <summary>
/// Downloads a <see cref="KnownFile"/> into a cache folder. The bytes go to a temporary file beside the target,
/// are counted and hashed as they stream in, and only a file of the right size and SHA-256 is renamed into place;
/// anything else is deleted, so the cache never holds a partial or forged file.
/// </summary>
internal static class FileDownloader
{
    // One client for the process (sockets are pooled). No automatic decompression: the SHA-256 covers the .gz bytes as published.
    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(30),
        AutomaticDecompression = DecompressionMethods.None,
        MaxAutomaticRedirections = 5,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        // With ResponseHeadersRead this bounds the wait for the response headers; the body has IdleTimeout.
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>The longest wait for the next bytes of a body before giving up on that URL.</summary>
    internal static TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Fetches <paramref name="file"/> into <paramref name="folder"/>, trying its URLs in order; returns the path.
    /// Throws <see cref="DatasetDownloadException"/> naming every URL and its problem, followed by <paramref name="offlineHint"/>.
    /// </summary>
    public static string Download(string dataset, KnownFile file, string folder, string offlineHint)
    {
        var target = Path.Combine(folder, file.Name);
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetDownloadException(target, $"{dataset}: cannot create the cache folder {folder} ({e.Message}). {offlineHint}", e);
        }

        var failures = new List<string>();
        Exception? last = null;
        bool allNotFound = true;
        foreach (var url in file.Urls)
        {
            try
            {
                return FetchAsync(file, url, target).GetAwaiter().GetResult();
            }
            catch (Exception e) when (Describe(e) is { } problem)
            {
                failures.Add($"  {url}: {problem}");
                last = e;
                allNotFound &= e is AttemptFailedException { Status: HttpStatusCode.NotFound };
            }
        }
        throw new DatasetDownloadException(target,
            $"{dataset}: could not download {file.Name} into {folder}:{Environment.NewLine}" +
            string.Join(Environment.NewLine, failures) + Environment.NewLine + offlineHint, last)
        { NotFound = allNotFound && failures.Count > 0 };
    }

    private static async Task<string> FetchAsync(KnownFile file, string url, string target)
    {
        var temp = $"{target}.{Guid.NewGuid():N}.part";
        try
        {
            Console.Error.WriteLine($"Downloading data from {url}");
            using var response = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new AttemptFailedException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}.") { Status = response.StatusCode };
            // Refuse before reading when the server announces a size other than the file's.
            if (response.Content.Headers.ContentLength is long announced && (file.Size is long exact ? announced != exact : announced > file.Limit))
                throw new AttemptFailedException(file.Size is not null
                    ? $"the server announces {announced} bytes, but {file.Name} has {file.Size}."
                    : $"the server announces {announced} bytes, more than {file.Name} can have ({file.Limit}).");

            string actual;
            await using (var source = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            await using (var sink = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                actual = await CopyHashedAsync(source, sink, file).ConfigureAwait(false);
                sink.Flush(flushToDisk: true);
            }
            if (!file.Matches(actual))
                throw new AttemptFailedException($"SHA-256 mismatch: expected {file.Sha256}{(file.Sha256?.Length < 64 ? "..." : "")}, got {actual}.");
            return MoveIntoPlace(temp, target);
        }
        finally
        {
            // After a successful move the temporary name is gone and this does nothing.
            TryDelete(temp);
        }
    }

    /// <summary>Copies at most <see cref="KnownFile.Limit"/> bytes, hashing them; returns the SHA-256 in lower-case hex.</summary>
    private static async Task<string> CopyHashedAsync(Stream source, Stream sink, KnownFile file)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var idle = new CancellationTokenSource();
        var buffer = new byte[1 << 16];
        long total = 0;
        while (true)
        {
            idle.CancelAfter(IdleTimeout);
            int n;
            try
            {
                n = await source.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (idle.IsCancellationRequested)
            {
                throw new AttemptFailedException($"no data for {IdleTimeout.TotalSeconds:0} s after {total} bytes (timed out).");
            }
            if (n == 0) break;
            total += n;
            // A hostile or broken server could stream forever: stop as soon as it sends more than the file holds.
            if (total > file.Limit)
                throw new AttemptFailedException($"the server sent more than the {file.Limit} bytes {file.Name} can have; stopped reading.");
            sha.AppendData(buffer, 0, n);
            await sink.WriteAsync(buffer.AsMemory(0, n)).ConfigureAwait(false);
        }
        if (file.Size is long size && total < size)
            throw new AttemptFailedException($"the download ended after {total} of {size} bytes.");
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static string MoveIntoPlace(string temp, string target)
    {
        try
        {
            File.Move(temp, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // Another process finished the same download first; keep its copy, ours is deleted by the caller.
        }
        return target;
    }

    /// <summary>The problem to report for a failed attempt, or null for exceptions that must not be swallowed.</summary>
    private static string? Describe(Exception e) => e switch
    {
        AttemptFailedException => e.Message,
        HttpRequestException h => $"network error: {Innermost(h)}",
        TaskCanceledException { InnerException: TimeoutException } => $"no response within {Client.Timeout.TotalSeconds:0} s (timed out).",
        OperationCanceledException => "the request was cancelled (timed out).",
        IOException or UnauthorizedAccessException => $"{e.GetType().Name}: {Innermost(e)}",
        _ => null,
    };

    private static string Innermost(Exception e)
    {
        var message = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            if (!message.Contains(inner.Message, StringComparison.Ordinal)) message += $" ({inner.Message})";
        return message;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover *.part file is never mistaken for a dataset file.
        }
    }

    /// <summary>One URL failed for a reason we can state; the next mirror is tried.</summary>
    private sealed class AttemptFailedException(string message) : Exception(message)
    {
        /// <summary>The HTTP status of a refused request; null for other failures.</summary>
        public HttpStatusCode? Status { get; init; }
    }
}
