// Image features from ML.NET's pretrained ResNet-18 (NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18, a CNTK
// export) imported with OnnxModel.Load, on real photos from Debian's python3-skimage, and a small classifier head
// trained on top (transfer learning from the imported weights). ML.NET's preprocessing is reproduced: pixels on a
// 0-255 scale in BGR order, minus the package's mean image (checked against its own preprocessing graph).
// Arguments: [training crops per photo (8)] [seed (1)]. Run with KERASSHARP_BACKEND=native (default) or torch.
// Its last line is "test accuracy: 0.xxxx".
using System.Reflection;
using KerasSharp;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

int trainPerPhoto = args.Length > 0 ? int.Parse(args[0]) : 8;
int seed = args.Length > 1 ? int.Parse(args[1]) : 1;
Config.SetSeed(seed);
const int Size = 224;

string root = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value!;
string models = Path.Combine(root, "microsoft.ml.dnnimagefeaturizer.resnet18", "0.24.0", "tools", "DnnImageModels");
string resnetPath = Path.Combine(models, "ResNet18Onnx", "ResNet18.onnx");
string preprocessPath = Path.Combine(models, "ResNetPrepOnnx", "ResNetPreprocess.onnx");

string photos = "/usr/lib/python3/dist-packages/skimage/data";
string[] classes = ["chelsea", "coffee", "astronaut", "rocket", "motorcycle_left"];
string PhotoPath(string name) => Directory.GetFiles(photos, name + ".*").First();
if (!Directory.Exists(photos)) throw new DirectoryNotFoundException($"{photos}: install Debian's python3-skimage for its sample photos.");

// Random crops (half to all of the shorter side), some mirrored, resized to 224x224: [n, 3, 224, 224] RGB, 0-255.
float[] Crops(string photo, int count, Random rng)
{
    using var image = Image.Load<Rgb24>(PhotoPath(photo));
    var data = new float[count * 3 * Size * Size];
    for (int c = 0; c < count; c++)
    {
        int side = (int)(Math.Min(image.Width, image.Height) * (0.5 + 0.5 * rng.NextDouble()));
        var rect = new Rectangle(rng.Next(image.Width - side + 1), rng.Next(image.Height - side + 1), side, side);
        bool flip = rng.Next(2) == 1;
        using var crop = image.Clone(ctx =>
        {
            ctx.Crop(rect).Resize(Size, Size);
            if (flip) ctx.Flip(FlipMode.Horizontal);
        });
        int offset = c * 3 * Size * Size;
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                var p = crop[x, y];
                data[offset + y * Size + x] = p.R;
                data[offset + Size * Size + y * Size + x] = p.G;
                data[offset + 2 * Size * Size + y * Size + x] = p.B;
            }
    }
    return data;
}

// ML.NET's preprocessing, reproduced: BGR channel order, minus the mean image, still on a 0-255 scale.
var mean = OnnxModel.ReadInitializers(preprocessPath)["MeanImage"];                    // [1, 3, 224, 224], BGR
Tensor Preprocess(Tensor rgb) => Ops.Subtract(Ops.Concatenate(Ops.Split(rgb, 3, axis: 1).Reverse().ToList(), axis: 1), mean);

var rng = new Random(seed);
var (trainX, trainY, testX, testY) = (new List<float>(), new List<long>(), new List<float>(), new List<long>());
for (int k = 0; k < classes.Length; k++)
{
    trainX.AddRange(Crops(classes[k], trainPerPhoto, rng));
    trainY.AddRange(Enumerable.Repeat((long)k, trainPerPhoto));
    testX.AddRange(Crops(classes[k], 4, rng));
    testY.AddRange(Enumerable.Repeat((long)k, 4));
}
var xTrain = Preprocess(Tensor.FromArray(trainX.ToArray(), trainY.Count, 3, Size, Size));
var xTest = Preprocess(Tensor.FromArray(testX.ToArray(), testY.Count, 3, Size, Size));
var yTrain = Tensor.FromArray(trainY.ToArray(), trainY.Count);
var yTest = Tensor.FromArray(testY.ToArray(), testY.Count);

// The package's own preprocessing graph, imported, gives the same input.
var preprocess = OnnxModel.Load(preprocessPath);
var first = Tensor.FromArray(testX.Take(3 * Size * Size).ToArray(), 1, 3, Size, Size);
float gap = Ops.Max(Ops.Abs(Ops.Subtract(preprocess.Predict(first), Preprocess(first)))).ToArray<float>()[0];
Console.WriteLine($"backend: {Backend.Name}; preprocessing reproduced, largest difference from ResNetPreprocess.onnx: {gap}");

// The backbone: the imported ResNet-18, frozen; its 512 features per image feed a new softmax head.
var backbone = OnnxModel.Load(resnetPath);
backbone.Trainable = false;
Console.WriteLine($"ResNet-18 imported: {backbone.Layers.Count} layers, {backbone.CountParams():N0} parameters; {trainY.Count} training and {testY.Count} test crops of {classes.Length} photos");
// The backbone is frozen, so its features are computed once; the head trains on them.
var trainFeatures = Ops.Reshape(backbone.Predict(xTrain, batchSize: 8), trainY.Count, 512);
var head = new Sequential([new Input([512]), new Dense(classes.Length, activation: "softmax", name: "head")]);
head.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
head.Fit(trainFeatures, yTrain, batchSize: 8, epochs: 30, verbose: 0);
Console.WriteLine($"head trained: training accuracy {head.Evaluate(trainFeatures, yTrain)["accuracy"]:F4}");

// Backbone and head as one model, which predicts from preprocessed images.
var input = new Input([3, Size, Size], name: "image");
var output = head.Apply(new Flatten(name: "features").Apply(backbone.Apply(input)));
var model = new Model(input, output, name: "image_features");
model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
var probabilities = model.Predict(xTest).ToArray2D<float>();
for (int i = 0; i < testY.Count; i += 4)
{
    int best = Enumerable.Range(0, classes.Length).MaxBy(c => probabilities[i, c]);
    Console.WriteLine($"  a crop of {classes[testY[i]],-16} -> {classes[best],-16} ({probabilities[i, best]:P1})");
}
Console.WriteLine($"test accuracy: {model.Evaluate(xTest, yTest)["accuracy"]:F4}");
