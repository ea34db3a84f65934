namespace KerasSharp.ModelZoo;

/// <summary>The two layouts <c>torch.save</c> writes.</summary>
public enum TorchFileFormat
{
    /// <summary>A zip archive (torch 1.6 and later): <c>&lt;folder&gt;/data.pkl</c>, one <c>&lt;folder&gt;/data/&lt;key&gt;</c> entry per storage, <c>&lt;folder&gt;/version</c>.</summary>
    Zip,

    /// <summary>
    /// The older single stream (<c>_use_new_zipfile_serialization=False</c>): pickled magic number, protocol version
    /// and system info, the state dict's pickle, the pickled list of storage keys, then each storage's length and bytes.
    /// </summary>
    Legacy,
}
