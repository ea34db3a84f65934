namespace KerasSharp.Datasets;

/// <summary>
/// Locates and loads a dataset made of the four MNIST-style IDX files: first in
/// <c>$KERASSHARP_HOME/datasets/{name}/</c> (default <c>~/.keras-sharp</c>), then in the extra folders given
/// (such as Debian's <c>/usr/share/datasets/fashion-mnist/</c>), else downloads the canonical .gz files into the
/// first folder, checking their size and SHA-256 (unless <c>KERASSHARP_OFFLINE=1</c>).
/// </summary>
internal sealed class IdxImageDataset(string name, string[] systemFolders, string howToGet, IReadOnlyList<KnownFile>? downloads = null)
{
    private static readonly string[] FileNames =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>The cache folder of this dataset.</summary>
    public string CacheFolder => Path.Combine(KerasSharpHome, "datasets", name);

    /// <summary><c>$KERASSHARP_HOME</c>, else <c>~/.keras-sharp</c>.</summary>
    public static string KerasSharpHome =>
        Environment.GetEnvironmentVariable("KERASSHARP_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".keras-sharp");

    /// <summary>Loads ((xTrain, yTrain), (xTest, yTest)) as uint8 tensors: images [N, rows, cols], labels [N].</summary>
    public ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) Load()
    {
        var paths = FileNames.Select(Find).ToArray();
        var train = LoadPair(paths[0], paths[1]);
        var test = LoadPair(paths[2], paths[3]);
        return (train, test);
    }

    private string Find(string baseName)
    {
        var folders = new[] { CacheFolder }.Concat(systemFolders).ToArray();
        foreach (var folder in folders)
            foreach (var candidate in new[] { baseName + ".gz", baseName })
            {
                var path = Path.Combine(folder, candidate);
                if (File.Exists(path)) return path;
            }

        var known = downloads?.FirstOrDefault(f => f.Name == baseName + ".gz");
        var notFound = $"{name}: the file {baseName}.gz (or the unpacked {baseName}) was not found in {string.Join(" or ", folders)}";
        if (known is null)
            throw new FileNotFoundException($"{notFound}. {OfflineHint(baseName, null)}");
        if (DownloadSettings.Offline)
            throw new FileNotFoundException(
                $"{notFound}, and downloads are switched off ({DownloadSettings.OfflineVariable}=1). {OfflineHint(baseName, known)}");
        known = DownloadSettings.Apply(known);
        return FileDownloader.Download(name, known, CacheFolder, OfflineHint(baseName, known));
    }

    private string OfflineHint(string baseName, KnownFile? known)
    {
        var source = known is null ? "" : $" (it is published at {known.Urls[0]})";
        return $"To get it without a download, copy {baseName}.gz{source} or the unpacked {baseName} into {CacheFolder}. {howToGet}".TrimEnd();
    }

    private static (Tensor X, Tensor Y) LoadPair(string imagesPath, string labelsPath)
    {
        var (imageShape, images) = IdxReader.Read(imagesPath);
        var (labelShape, labels) = IdxReader.Read(labelsPath);
        if (imageShape.Length != 3)
            throw new DatasetFormatException(imagesPath, $"expected images of rank 3 [count, rows, cols], got [{string.Join(",", imageShape)}].");
        if (labelShape.Length != 1)
            throw new DatasetFormatException(labelsPath, $"expected labels of rank 1 [count], got [{string.Join(",", labelShape)}].");
        if (imageShape[0] != labelShape[0])
            throw new DatasetFormatException(labelsPath, $"holds {labelShape[0]} labels but {Path.GetFileName(imagesPath)} holds {imageShape[0]} images.");
        return (Tensor.FromArray(images, imageShape), Tensor.FromArray(labels, labelShape));
    }
}
