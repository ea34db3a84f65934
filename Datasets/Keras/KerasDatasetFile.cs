namespace KerasSharp.Datasets;

/// <summary>
/// Finds one published dataset file: in <c>$KERASSHARP_HOME/datasets/{dataset}/</c> (default <c>~/.keras-sharp</c>),
/// else downloads it there (the URLs in order, or the mirror in <c>KERASSHARP_DATASETS_URL</c>), keeping it only when its
/// size and SHA-256 match. <c>KERASSHARP_OFFLINE=1</c> turns a missing file into an error saying where to put it.
/// </summary>
internal static class KerasDatasetFile
{
    public static string CacheFolder(string dataset) => Path.Combine(IdxImageDataset.KerasSharpHome, "datasets", dataset);

    public static string Locate(string dataset, KnownFile file)
    {
        var folder = CacheFolder(dataset);
        var path = Path.Combine(folder, file.Name);
        if (File.Exists(path)) return path;
        var hint = $"To get it without a download, copy {file.Name} (published at {file.Urls[0]}) into {folder}.";
        if (DownloadSettings.Offline)
            throw new FileNotFoundException(
                $"{dataset}: the file {file.Name} was not found in {folder}, and downloads are switched off ({DownloadSettings.OfflineVariable}=1). {hint}", path);
        return FileDownloader.Download(dataset, DownloadSettings.Apply(file), folder, hint);
    }
}

/// <summary>
/// NumPy's legacy <c>RandomState(seed).shuffle</c> (MT19937 seeded by an integer, bounded draws by masked rejection),
/// so that loaders order samples exactly as Keras's do.
/// </summary>
internal sealed class NumpyRandomState
{
    private readonly uint[] _mt = new uint[624];
    private int _index;

    public NumpyRandomState(uint seed)
    {
        _mt[0] = seed;
        for (int i = 1; i < 624; i++) _mt[i] = 1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i;
        _index = 624;
    }

    public uint NextUInt32()
    {
        if (_index >= 624)
        {
            for (int i = 0; i < 624; i++)
            {
                uint y = (_mt[i] & 0x80000000u) | (_mt[(i + 1) % 624] & 0x7fffffffu);
                _mt[i] = _mt[(i + 397) % 624] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0);
            }
            _index = 0;
        }
        uint x = _mt[_index++];
        x ^= x >> 11;
        x ^= (x << 7) & 0x9d2c5680u;
        x ^= (x << 15) & 0xefc60000u;
        x ^= x >> 18;
        return x;
    }

    /// <summary>A uniform integer in [0, max] (numpy's random_interval for max below 2^32).</summary>
    public uint Interval(uint max)
    {
        if (max == 0) return 0;
        uint mask = max;
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > max) { }
        return value;
    }

    /// <summary>The permutation <c>rng.shuffle(np.arange(n))</c> gives.</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = (int)Interval((uint)i);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }
}
