namespace KerasSharp.Saving;

/// <summary>
/// Object paths inside an HDF5 file: "/" (or "") is the root; "layers/dense/vars/0", "/layers/dense/vars/0" and
/// "layers/dense/vars/0/" are the same.
/// </summary>
internal static class H5Paths
{
    /// <summary>The path as rooted segments joined by '/', or an <see cref="ArgumentException"/> for a malformed one.</summary>
    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = Split(path);
        return segments.Length == 0 ? "/" : "/" + string.Join('/', segments);
    }

    /// <summary>The names along <paramref name="path"/> (none for the root).</summary>
    public static string[] Split(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var trimmed = path.StartsWith('/') ? path[1..] : path;
        if (trimmed.EndsWith('/')) trimmed = trimmed[..^1];
        if (trimmed.Length == 0) return [];
        var segments = trimmed.Split('/');
        foreach (var s in segments)
        {
            if (!IsValidName(s))
                throw new ArgumentException($"'{path}' is not a valid HDF5 object path (empty, '.' or '..' names, or a NUL).", nameof(path));
        }
        return segments;
    }

    /// <summary>True for a name that can be one path segment: not empty, not "." or "..", no '/' and no NUL.</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && name is not ("." or "..") && !name.Contains('/') && !name.Contains('\0');
}
