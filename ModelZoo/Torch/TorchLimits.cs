namespace KerasSharp.ModelZoo;

/// <summary>Caps that keep a hostile torch file from making the reader allocate or work more than real files need.</summary>
internal static class TorchLimits
{
    /// <summary>Largest pickle read (a ResNet-152 state dict's is about 100 KB; 100 bytes or so per tensor).</summary>
    public const long MaxPickleBytes = 64L << 20;

    /// <summary>
    /// Most values, memo entries, marks and container insertions one pickle may make: about 30 per tensor, so state
    /// dicts of over 100,000 tensors fit, and a hostile pickle of single-byte opcodes stays within a few hundred MB.
    /// </summary>
    public const int MaxPickleUnits = 4_000_000;

    /// <summary>Deepest the unpickler's stack may grow (torch's pickles batch dict items by the thousand).</summary>
    public const int MaxStackDepth = 1_000_000;

    /// <summary>Longest text line (GLOBAL's module and name, PERSID) in bytes.</summary>
    public const int MaxLineBytes = 1024;

    /// <summary>Largest integer in LONG1/LONG4 opcodes, in bytes (the magic number needs 10).</summary>
    public const int MaxLongBytes = 64;

    /// <summary>Most axes of a tensor.</summary>
    public const int MaxRank = 64;

    /// <summary>Largest byte count read or converted in one go.</summary>
    public const int ReadChunkBytes = 1 << 26;
}
