// Regression from a CSV file that a Debian package ships: scikit-learn's copy of the Boston housing prices
// (python3-sklearn, /usr/lib/python3/dist-packages/sklearn/datasets/data/boston_house_prices.csv; samples/run.sh
// installs it where it is missing). Runs offline. Arguments: [epochs (150)] [seed (1)] [csv path].
// Its last line is "test mean absolute error: x.xx (k$)".
using KerasSharp;
using KerasSharp.Datasets;
using KerasSharp.Layers;
using KerasSharp.Models;

int epochs = args.Length > 0 ? int.Parse(args[0]) : 150;
int seed = args.Length > 1 ? int.Parse(args[1]) : 1;
string path = args.Length > 2 ? args[2] : "/usr/lib/python3/dist-packages/sklearn/datasets/data/boston_house_prices.csv";
Config.SetSeed(seed);

// The file's first line is "506,13,,,..." (counts), the second the header; MEDV is the median value in k$.
var data = CsvDataset.Load(path, labelColumn: "MEDV", skipRows: 1);
Console.WriteLine($"{path}: {data.X.Shape[0]} rows, features {string.Join(", ", data.FeatureNames)}");

// A seeded 80/20 split, then features standardized with the training rows' statistics.
var (train, test) = Utils.SplitDataset(data.ToDataset(), leftSize: 0.8, shuffle: true, seed: seed);
var (xTrain, yTrain) = Gather(train);
var (xTest, yTest) = Gather(test);
var mean = Ops.Mean(xTrain, 0, keepDims: true);
var std = Ops.Sqrt(Ops.AddScalar(Ops.Mean(Ops.Square(xTrain - mean), 0, keepDims: true), 1e-8));
xTrain = (xTrain - mean) / std;
xTest = (xTest - mean) / std;

var model = new Sequential(
[
    new Input(shape: [data.X.Shape[1]]),
    new Dense(64, activation: "relu"),
    new Dense(64, activation: "relu"),
    new Dense(1),
]);
model.Compile(optimizer: "adam", loss: "mse", metrics: ["mae"]);
var pipeline = Dataset.FromTensorSlices(xTrain, Ops.Reshape(yTrain, -1, 1)).Shuffle(512, seed: seed).Batch(32).Prefetch(2);
var history = model.Fit(pipeline, epochs: epochs, verbose: 0);
Console.WriteLine($"backend: {Backend.Name}, train loss after {epochs} epochs: {history["loss"][^1]:F3}");
var scores = model.Evaluate(Dataset.FromTensorSlices(xTest, Ops.Reshape(yTest, -1, 1)).Batch(64));
Console.WriteLine($"test mean absolute error: {scores["mae"]:F2} (k$)");

// The whole part as one batch: (x, y) tensors.
static (Tensor X, Tensor Y) Gather(Dataset d)
{
    var all = d.Batch(int.MaxValue).AsEnumerable().Single();
    return (all[0], all[1]);
}
