namespace KerasSharp.Saving;

/// <summary>One entry of a zip archive as its central directory describes it.</summary>
/// <param name="Name">The entry's path inside the archive ("config.json", "assets/vocab.txt", ...).</param>
/// <param name="Size">Its uncompressed size in bytes, as declared (reads check the actual bytes against it).</param>
/// <param name="CompressedSize">Its size in the archive.</param>
/// <param name="IsStored">True when it is stored uncompressed (opened without a copy); false when deflated.</param>
public sealed record ZipEntryInfo(string Name, long Size, long CompressedSize, bool IsStored);
