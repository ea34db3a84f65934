namespace KerasSharp.Datasets;

/// <summary>Fashion-MNIST: 60,000 training and 10,000 test greyscale 28x28 images of 10 clothing classes.</summary>
public static class FashionMnist
{
    /// <summary>The class names, by label.</summary>
    public static readonly IReadOnlyList<string> ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    internal static readonly IdxImageDataset Files = new("fashion-mnist", ["/usr/share/datasets/fashion-mnist"],
        "Or install Debian's package dataset-fashion-mnist (apt-get install dataset-fashion-mnist), " +
        "which puts the files in /usr/share/datasets/fashion-mnist.",
        CanonicalFiles.FashionMnist);

    /// <summary>
    /// Loads ((xTrain, yTrain), (xTest, yTest)): uint8 images [N, 28, 28] and uint8 labels [N], as Keras does.
    /// The four IDX files (gzip or not) are read from <c>$KERASSHARP_HOME/datasets/fashion-mnist/</c>
    /// (default <c>~/.keras-sharp</c>), else from Debian's <c>/usr/share/datasets/fashion-mnist/</c>; a file found in
    /// neither is downloaded into the first folder (Keras' mirror, then Zalando's) and kept only if its size and SHA-256
    /// match the published file. <c>KERASSHARP_DATASETS_URL</c> names another base URL to download from (same check);
    /// <c>KERASSHARP_OFFLINE=1</c> switches downloads off.
    /// </summary>
    /// <exception cref="FileNotFoundException">A file is missing and downloads are off; the message says where to put it.</exception>
    /// <exception cref="DatasetDownloadException">A download failed; the message names the file, each URL and its problem.</exception>
    /// <exception cref="DatasetFormatException">A file is truncated or corrupt; the message names it.</exception>
    public static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) Load() => Files.Load();
}

/// <summary>MNIST: 60,000 training and 10,000 test greyscale 28x28 images of handwritten digits.</summary>
public static class Mnist
{
    internal static readonly IdxImageDataset Files = new("mnist", ["/usr/share/datasets/mnist"], "", CanonicalFiles.Mnist);

    /// <summary>
    /// Loads ((xTrain, yTrain), (xTest, yTest)): uint8 images [N, 28, 28] and uint8 labels [N].
    /// The four IDX files (gzip or not) are read from <c>$KERASSHARP_HOME/datasets/mnist/</c>
    /// (default <c>~/.keras-sharp</c>), else from <c>/usr/share/datasets/mnist/</c>; a file found in neither is
    /// downloaded into the first folder and kept only if its size and SHA-256 match the published file.
    /// <c>KERASSHARP_DATASETS_URL</c> names another base URL to download from (same check);
    /// <c>KERASSHARP_OFFLINE=1</c> switches downloads off.
    /// </summary>
    /// <exception cref="FileNotFoundException">A file is missing and downloads are off; the message says where to put it.</exception>
    /// <exception cref="DatasetDownloadException">A download failed; the message names the file, each URL and its problem.</exception>
    /// <exception cref="DatasetFormatException">A file is truncated or corrupt; the message names it.</exception>
    public static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) Load() => Files.Load();
}
