namespace KerasSharp.Backends.Native.Gpu;

/// <summary>A GPU allocation failed even after the allocator emptied its cache; the message gives the sizes.</summary>
public sealed class GpuOutOfMemoryException : OutOfMemoryException
{
    /// <summary>Creates the exception.</summary>
    public GpuOutOfMemoryException(string message, Exception? inner = null) : base(message, inner) { }
}
