namespace KerasSharp.Datasets;

/// <summary>Fashion-MNIST: 60,000 training and 10,000 test greyscale 28x28 images of 10 clothing classes.</summary>
public static class FashionMnist
{
    /// <summary>The class names, by label.</summary>
    public static readonly IReadOnlyList<string> ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private static readonly IdxImageDataset Files = new("fashion-mnist", ["/usr/share/datasets/fashion-mnist"],
        "Install Debian's package dataset-fashion-mnist (apt-get install dataset-fashion-mnist), " +
        "or copy the four IDX files into that folder.");

    /// <summary>Loads ((xTrain, yTrain), (xTest, yTest)): uint8 images [N, 28, 28] and uint8 labels [N], as Keras does.</summary>
    public static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) Load() => Files.Load();
}

/// <summary>MNIST: 60,000 training and 10,000 test greyscale 28x28 images of handwritten digits.</summary>
public static class Mnist
{
    private static readonly IdxImageDataset Files = new("mnist", ["/usr/share/datasets/mnist"],
        "Copy the four MNIST IDX files (gzip or not) into that folder.");

    /// <summary>Loads ((xTrain, yTrain), (xTest, yTest)): uint8 images [N, 28, 28] and uint8 labels [N].</summary>
    public static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) Load() => Files.Load();
}
