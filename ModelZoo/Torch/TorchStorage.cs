using KerasSharp.Saving;
namespace KerasSharp.ModelZoo;

/// <summary>
/// One storage as the pickle's persistent id describes it: its key, element type and element count. Where its bytes
/// lie is set once the container has been checked (a zip entry, or an offset in a legacy file).
/// </summary>
internal sealed class TorchStorage(string key, StoredElement element, long numel)
{
    /// <summary>The key the pickle names it by (the zip entry's name under <c>data/</c>, or the legacy file's key).</summary>
    public string Key { get; } = key;

    /// <summary>Its element type.</summary>
    public StoredElement Element { get; } = element;

    /// <summary>Its length in elements, as the persistent id declares it (checked against the file before any read).</summary>
    public long Numel { get; } = numel;

    /// <summary>Zip format: the entry holding its bytes.</summary>
    public string? EntryName { get; set; }

    /// <summary>Legacy format: the file offset of its first byte, or -1 until the storage list has placed it.</summary>
    public long DataOffset { get; set; } = -1;

    /// <summary>How it is named in errors.</summary>
    public string Label => EntryName ?? $"storage '{Key}'";
}

/// <summary>
/// What a persistent id gives the pickle: a storage, or (legacy files only) a slice of one, [Offset, Offset + Numel).
/// </summary>
internal sealed record TorchStorageView(TorchStorage Root, long Offset, long Numel);
