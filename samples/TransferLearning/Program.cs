// Transfer learning with a ResNet-18 backbone, offline: the sample writes a small image-folder dataset (PNG files
// in one folder per class) from Fashion-MNIST, trains a new head on the frozen backbone, then fine-tunes the
// backbone's last stage at a low learning rate. The backbone starts from torchvision's ImageNet weights when they
// are in the cache (~/.keras-sharp/models/resnet18-f37072fd.pth; nothing is downloaded), else from random weights.
// Arguments: [images per class (100)] [seed (1)]. Run with KERASSHARP_BACKEND=native (default) or torch.
// Its last line is "test accuracy: 0.xxxx".
using KerasSharp;
using KerasSharp.Datasets;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.ModelZoo;
using KerasSharp.Optimizers;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

int perClass = args.Length > 0 ? int.Parse(args[0]) : 100;
int seed = args.Length > 1 ? int.Parse(args[1]) : 1;
Config.SetSeed(seed);

var root = Path.Combine(Path.GetTempPath(), $"kerassharp-fashion-folders-{perClass}");
WriteImageFolders(root, perClass);
var transform = new ImageNetTransform(resizeSize: 64, cropSize: 64);
var (xTrain, yTrain, classes) = LoadImageFolder(Path.Combine(root, "train"), transform);
var (xTest, yTest, _) = LoadImageFolder(Path.Combine(root, "test"), transform);
Console.WriteLine($"{xTrain.Shape[0]} training and {xTest.Shape[0]} test images, classes: {string.Join(", ", classes)}");

// The backbone: ResNet-18 without its classifier, pooled to a 512-vector, frozen.
var cached = Path.Combine(PretrainedWeights.CacheFolder, "resnet18-f37072fd.pth");
string? weights = File.Exists(cached) ? "imagenet" : null;
Console.WriteLine(weights is null ? "backbone: random weights (put resnet18-f37072fd.pth in the cache for ImageNet's)" : "backbone: ImageNet weights");
var backbone = Applications.ResNet18(weights: weights, includeTop: false, pooling: "avg", inputShape: [64, 64, 3]);
backbone.Trainable = false;

var input = new Input([64, 64, 3]);
var features = backbone.Apply(input);
var output = new Dense(classes.Length, activation: "softmax", name: "head").Apply(new Dropout(0.2).Apply(features));
var model = new Model(inputs: input, outputs: output, name: "transfer");
model.Compile(optimizer: new Adam(learningRate: 1e-3), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
model.Fit(xTrain, yTrain, batchSize: 32, epochs: 8, verbose: 2);
Console.WriteLine($"new head on the frozen backbone: test accuracy {model.Evaluate(xTest, yTest)["accuracy"]:F4}");

// Fine-tuning: the last stage trains too, slowly (its batch norms now update their statistics).
backbone.Trainable = true;
foreach (var layer in backbone.Layers) layer.Trainable = layer.Name.StartsWith("layer4.", StringComparison.Ordinal);
model.Compile(optimizer: new Adam(learningRate: 1e-4), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
model.Fit(xTrain, yTrain, batchSize: 32, epochs: 4, verbose: 2);
var scores = model.Evaluate(xTest, yTest);
Console.WriteLine($"backend: {Backend.Name}, test loss: {scores["loss"]:F4}");
Console.WriteLine($"test accuracy: {scores["accuracy"]:F4}");

// Fashion-MNIST's first images of each class as 28x28 greyscale PNG files: root/{train,test}/{class}/{n}.png.
static void WriteImageFolders(string root, int perClass)
{
    if (File.Exists(Path.Combine(root, "done"))) return;
    var ((xTrain, yTrain), (xTest, yTest)) = FashionMnist.Load();
    string[] names = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"];
    foreach (var (split, x, y, count) in new[] { ("train", xTrain, yTrain, perClass), ("test", xTest, yTest, Math.Max(10, perClass / 2)) })
    {
        var pixels = x.ToArray<byte>();
        var labels = y.ToArray<byte>();
        var written = new int[names.Length];
        for (int i = 0; i < labels.Length && written.Any(n => n < count); i++)
        {
            int label = labels[i];
            if (written[label] >= count) continue;
            var folder = Path.Combine(root, split, names[label]);
            Directory.CreateDirectory(folder);
            using var image = Image.LoadPixelData<L8>(pixels.AsSpan(i * 784, 784), 28, 28);
            image.SaveAsPng(Path.Combine(folder, $"{written[label]++:D4}.png"));
        }
    }
    File.WriteAllText(Path.Combine(root, "done"), "");
}

// Every image of every class folder, preprocessed as ImageNet models expect; labels are the folders' order.
static (Tensor X, Tensor Y, string[] Classes) LoadImageFolder(string folder, ImageNetTransform transform)
{
    var classes = Directory.GetDirectories(folder).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToArray();
    var files = classes.SelectMany((c, label) => Directory.GetFiles(Path.Combine(folder, c)).Order(StringComparer.Ordinal).Select(f => (f, label))).ToList();
    var x = ImageNet.Preprocess(files.Select(f => f.f), transform);
    var y = Tensor.FromArray(files.Select(f => (long)f.label).ToArray());
    return (x, y, classes);
}
