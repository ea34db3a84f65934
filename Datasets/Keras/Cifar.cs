using System.IO.Compression;

namespace KerasSharp.Datasets;

/// <summary>
/// Reads the binary CIFAR archives (cifar-10-binary.tar.gz, cifar-100-binary.tar.gz): records of label byte(s) then
/// 3072 pixel bytes (1024 red, 1024 green, 1024 blue, row by row). Entries are found by name; each must hold a whole
/// number of records, at most the expected count, or the file is reported as damaged.
/// </summary>
internal static class CifarArchive
{
    public const int Pixels = 3072;

    /// <summary>The records of the named entries, in the order of <paramref name="entries"/>.</summary>
    public static byte[][] ReadEntries(string path, string[] entries, int labelBytes, int maxRecords)
    {
        int record = labelBytes + Pixels;
        var found = new byte[entries.Length][];
        try
        {
            using var file = File.OpenRead(path);
            using var gz = new GZipStream(file, CompressionMode.Decompress);
            new TarReader(gz, path).ForEach((entry, data) =>
            {
                if (!entry.IsFile) return;
                int which = Array.FindIndex(entries, e => entry.Name == e || entry.Name.EndsWith("/" + e, StringComparison.Ordinal));
                if (which < 0) return;
                if (entry.Size % record != 0 || entry.Size / record > maxRecords || entry.Size == 0)
                    throw new DatasetFormatException(path, $"entry '{entry.Name}' has {entry.Size} bytes; expected a whole number (1 to {maxRecords}) of {record}-byte records.");
                found[which] = BoundedRead.Exactly(data, entry.Size)
                    ?? throw new DatasetFormatException(path, $"the archive ends inside entry '{entry.Name}' (truncated).");
            });
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(path, $"not a readable gzip file: {e.Message}", e);
        }
        for (int i = 0; i < entries.Length; i++)
            if (found[i] is null) throw new DatasetFormatException(path, $"the archive has no entry '{entries[i]}'.");
        return found;
    }

    /// <summary>Images [n, 32, 32, 3] (channels last, as Keras returns them) and the label byte at <paramref name="labelAt"/> of each record.</summary>
    public static (Tensor X, Tensor Y) ToTensors(byte[][] parts, int labelBytes, int labelAt, int classes, string path)
    {
        int record = labelBytes + Pixels;
        int n = parts.Sum(p => p.Length / record);
        var images = new byte[n * Pixels];
        var labels = new byte[n];
        int k = 0;
        foreach (var part in parts)
            for (int r = 0; r < part.Length / record; r++, k++)
            {
                int at = r * record;
                byte label = part[at + labelAt];
                if (label >= classes) throw new DatasetFormatException(path, $"record {k} has label {label}; labels go from 0 to {classes - 1}.");
                labels[k] = label;
                int src = at + labelBytes;
                int dst = k * Pixels;
                for (int p = 0; p < 1024; p++)
                {
                    images[dst + p * 3] = part[src + p];
                    images[dst + p * 3 + 1] = part[src + 1024 + p];
                    images[dst + p * 3 + 2] = part[src + 2048 + p];
                }
            }
        return (Tensor.FromArray(images, n, 32, 32, 3), Tensor.FromArray(labels, n, 1));
    }
}

/// <summary>CIFAR-10 (Krizhevsky): 50,000 training and 10,000 test 32x32 colour images of 10 classes.</summary>
public static class Cifar10
{
    /// <summary>The class names, by label.</summary>
    public static readonly IReadOnlyList<string> ClassNames = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    internal static readonly KnownFile File = new("cifar-10-binary.tar.gz", 170052171,
        "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd", ["https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"]);

    /// <summary>
    /// Loads ((xTrain, yTrain), (xTest, yTest)): uint8 images [n, 32, 32, 3] and uint8 labels [n, 1], in the published
    /// order, as Keras returns them. The binary archive comes from <c>$KERASSHARP_HOME/datasets/cifar10/</c> or is
    /// downloaded there and checked (size and SHA-256); <c>KERASSHARP_OFFLINE=1</c> switches downloads off and
    /// <c>KERASSHARP_DATASETS_URL</c> names a mirror.
    /// </summary>
    /// <exception cref="DatasetFormatException">The archive is damaged; the message names it and the entry.</exception>
    public static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) Load() =>
        FromFile(KerasDatasetFile.Locate("cifar10", File));

    internal static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) FromFile(string path)
    {
        string[] names = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"];
        var parts = CifarArchive.ReadEntries(path, names, 1, 10000);
        var train = CifarArchive.ToTensors(parts[..5], 1, 0, 10, path);
        var test = CifarArchive.ToTensors(parts[5..], 1, 0, 10, path);
        return (train, test);
    }
}

/// <summary>CIFAR-100 (Krizhevsky): 50,000 training and 10,000 test 32x32 colour images of 100 classes in 20 superclasses.</summary>
public static class Cifar100
{
    internal static readonly KnownFile File = new("cifar-100-binary.tar.gz", 168513733,
        "58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec", ["https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz"]);

    /// <summary>
    /// Loads ((xTrain, yTrain), (xTest, yTest)): uint8 images [n, 32, 32, 3] and uint8 labels [n, 1], the 100 fine
    /// classes (<paramref name="labelMode"/> "fine") or the 20 superclasses ("coarse"). Files and downloads as for
    /// <see cref="Cifar10.Load"/>, in <c>$KERASSHARP_HOME/datasets/cifar100/</c>.
    /// </summary>
    public static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) Load(string labelMode = "fine")
    {
        if (labelMode is not ("fine" or "coarse"))
            throw new ArgumentException($"Cifar100: labelMode must be \"fine\" or \"coarse\", got \"{labelMode}\".");
        return FromFile(KerasDatasetFile.Locate("cifar100", File), labelMode);
    }

    internal static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) FromFile(string path, string labelMode)
    {
        var parts = CifarArchive.ReadEntries(path, ["train.bin", "test.bin"], 2, 50000);
        int at = labelMode == "coarse" ? 0 : 1;
        int classes = labelMode == "coarse" ? 20 : 100;
        return (CifarArchive.ToTensors(parts[..1], 2, at, classes, path), CifarArchive.ToTensors(parts[1..], 2, at, classes, path));
    }
}
