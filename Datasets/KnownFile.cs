namespace KerasSharp.Datasets;

/// <summary>
/// A published file we may download: its name in the cache, the URLs that serve it (tried in order), its size
/// (exact when known, else at most <see cref="MaxSize"/>) and its SHA-256 (the whole digest, or a prefix of it as
/// torch.hub puts in a file's name, e.g. <c>resnet18-f37072fd.pth</c>; null where none is published, as for the files
/// of a Hugging Face repository, which are then held to their size limit and the reader's own checks only).
/// </summary>
internal sealed record KnownFile(string Name, long? Size, string? Sha256, IReadOnlyList<string> Urls, long MaxSize = 0)
{
    /// <summary>The file <paramref name="name"/> as served under each of the base URLs <paramref name="mirrors"/>.</summary>
    public static KnownFile At(IReadOnlyList<string> mirrors, string name, long size, string sha256) =>
        new(name, size, sha256, mirrors.Select(m => Join(m, name)).ToArray());

    /// <summary>The most bytes a download may bring: the exact size when known.</summary>
    public long Limit => Size ?? MaxSize;

    /// <summary>Whether <paramref name="sha256"/> (lower-case hex) is this file's digest (or starts with its prefix); always, when none is published.</summary>
    public bool Matches(string sha256) =>
        Sha256 is null || (sha256.StartsWith(Sha256, StringComparison.OrdinalIgnoreCase) && Sha256.Length >= 8);

    /// <summary>This file served from <paramref name="baseUrl"/> only (a local mirror).</summary>
    public KnownFile From(string baseUrl) => this with { Urls = [Join(baseUrl, Name)] };

    private static string Join(string baseUrl, string name) => baseUrl.TrimEnd('/') + "/" + name;
}
