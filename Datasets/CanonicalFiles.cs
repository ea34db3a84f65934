namespace KerasSharp.Datasets;

/// <summary>The published .gz files of the datasets we can download, with their exact sizes and SHA-256.</summary>
internal static class CanonicalFiles
{
    // Sizes and SHA-256 of the .gz files as published, from TensorFlow Datasets' checksum files
    // tensorflow_datasets/url_checksums/fashion_mnist.txt and mnist.txt (github.com/tensorflow/datasets);
    // other projects record the same values. The Keras mirror serves Zalando's files byte for byte (same sizes),
    // and both MNIST mirrors serve LeCun's originals (torchvision checks one MD5 per file against both).
    // Debian's dataset-fashion-mnist holds re-compressed copies: same IDX content, other .gz bytes, so these
    // hashes apply to downloads only, not to files found on disk.

    private static readonly string[] FashionMirrors =
    [
        "https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    ];

    private static readonly string[] MnistMirrors =
    [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
    ];

    /// <summary>Fashion-MNIST (Zalando Research).</summary>
    public static readonly KnownFile[] FashionMnist =
    [
        KnownFile.At(FashionMirrors, "train-images-idx3-ubyte.gz", 26421880, "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
        KnownFile.At(FashionMirrors, "train-labels-idx1-ubyte.gz", 29515, "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
        KnownFile.At(FashionMirrors, "t10k-images-idx3-ubyte.gz", 4422102, "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
        KnownFile.At(FashionMirrors, "t10k-labels-idx1-ubyte.gz", 5148, "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"),
    ];

    /// <summary>MNIST (LeCun, Cortes and Burges).</summary>
    public static readonly KnownFile[] Mnist =
    [
        KnownFile.At(MnistMirrors, "train-images-idx3-ubyte.gz", 9912422, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
        KnownFile.At(MnistMirrors, "train-labels-idx1-ubyte.gz", 28881, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
        KnownFile.At(MnistMirrors, "t10k-images-idx3-ubyte.gz", 1648877, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
        KnownFile.At(MnistMirrors, "t10k-labels-idx1-ubyte.gz", 4542, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
    ];
}
