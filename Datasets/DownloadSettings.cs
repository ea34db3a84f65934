namespace KerasSharp.Datasets;

/// <summary>The environment variables that steer dataset downloads.</summary>
internal static class DownloadSettings
{
    /// <summary>Set to 1 (or true, yes) to never download: a missing file is then an error at once.</summary>
    public const string OfflineVariable = "KERASSHARP_OFFLINE";

    /// <summary>A base URL (a local mirror) that replaces the canonical ones; the SHA-256 check still applies.</summary>
    public const string UrlVariable = "KERASSHARP_DATASETS_URL";

    /// <summary>Whether downloads are switched off.</summary>
    public static bool Offline =>
        Environment.GetEnvironmentVariable(OfflineVariable)?.Trim().ToLowerInvariant() is "1" or "true" or "yes";

    /// <summary><paramref name="file"/> with its URLs replaced by the mirror in <paramref name="variable"/> (by default <see cref="UrlVariable"/>), if set.</summary>
    public static KnownFile Apply(KnownFile file, string variable = UrlVariable) =>
        Mirror(variable) is { } mirror ? file.From(mirror) : file;

    /// <summary>The mirror's base URL in <paramref name="variable"/>, or null when it is not set.</summary>
    /// <exception cref="InvalidOperationException">The variable is not an absolute http:// or https:// URL.</exception>
    public static string? Mirror(string variable)
    {
        var mirror = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(mirror)) return null;
        if (!Uri.TryCreate(mirror.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new InvalidOperationException($"{variable}='{mirror}' is not an absolute http:// or https:// URL.");
        return mirror.Trim();
    }
}
