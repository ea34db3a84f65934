namespace KerasSharp.Datasets;

/// <summary>
/// A published file we may download: its name in the cache, the URLs that serve it (tried in order),
/// and the exact size and SHA-256 its bytes must have.
/// </summary>
internal sealed record KnownFile(string Name, long Size, string Sha256, IReadOnlyList<string> Urls)
{
    /// <summary>The file <paramref name="name"/> as served under each of the base URLs <paramref name="mirrors"/>.</summary>
    public static KnownFile At(IReadOnlyList<string> mirrors, string name, long size, string sha256) =>
        new(name, size, sha256, mirrors.Select(m => Join(m, name)).ToArray());

    /// <summary>This file served from <paramref name="baseUrl"/> only (a local mirror).</summary>
    public KnownFile From(string baseUrl) => this with { Urls = [Join(baseUrl, Name)] };

    private static string Join(string baseUrl, string name) => baseUrl.TrimEnd('/') + "/" + name;
}
