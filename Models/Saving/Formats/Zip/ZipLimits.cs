namespace KerasSharp.Saving;

/// <summary>Caps that keep a hostile zip from making us read, allocate or write more than real archives need.</summary>
internal sealed record ZipLimits
{
    /// <summary>The defaults used by <see cref="KerasArchiveReader"/>.</summary>
    public static ZipLimits Default { get; } = new();

    /// <summary>Most entries an archive may list (a .keras file has three, plus assets).</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>Largest central directory we read into memory.</summary>
    public long MaxCentralDirectoryBytes { get; init; } = 64L << 20;

    /// <summary>Largest text entry (config.json, metadata.json) read into a string.</summary>
    public long MaxTextBytes { get; init; } = 64L << 20;

    /// <summary>Largest ratio of declared size to compressed size for a deflated entry (deflate's own limit is about 1032).</summary>
    public long MaxDeflateRatio { get; init; } = 1100;

    /// <summary>Largest deflated entry inflated for <see cref="KerasArchiveReader.OpenSeekable"/>.</summary>
    public long MaxInflatedBytes { get; init; } = 16L << 30;

    /// <summary>Inflated entries up to this size are kept in memory; larger ones go to a temporary file.</summary>
    public long InMemoryInflateBytes { get; init; } = 64L << 20;
}
