// A recurrent classifier for Fashion-MNIST: each 28x28 image is read as 28 time steps of 28 pixels by an LSTM(128),
// then Dense(10). Run with KERASSHARP_BACKEND=native (default) or torch; arguments: epochs (default 10) and seed
// (default 42). Its last line is "test accuracy: 0.xxxx".
using System.Diagnostics;
using KerasSharp;
using KerasSharp.Datasets;
using KerasSharp.Layers;
using KerasSharp.Models;

int epochs = args.Length > 0 ? int.Parse(args[0]) : 10;
long seed = args.Length > 1 ? long.Parse(args[1]) : 42;
Config.SetSeed(seed);

var ((xTrain, yTrain), (xTest, yTest)) = FashionMnist.Load();     // uint8 [N, 28, 28], integer labels

var model = new Sequential(
[
    new Input(shape: [28, 28]),                   // 28 steps (rows) of 28 features (pixels)
    new LSTM(128),
    new Dense(10, activation: "softmax"),
]);
model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
model.Summary();
var clock = Stopwatch.StartNew();
var history = model.Fit(xTrain / 255f, yTrain, batchSize: 64, epochs: epochs, validationSplit: 0.1, verbose: 2);
var scores = model.Evaluate(xTest / 255f, yTest);
Console.WriteLine($"backend: {Backend.Name}, seed: {seed}, epochs: {history.Epochs.Count}, {clock.Elapsed.TotalMinutes:F1} min, test loss: {scores["loss"]:F4}");
Console.WriteLine($"test accuracy: {scores["accuracy"]:F4}");
