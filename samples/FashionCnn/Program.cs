// A Keras-style convolutional network for Fashion-MNIST: two Conv-BN-ReLU-Pool blocks, Dropout, Dense.
// Run with KERASSHARP_BACKEND=native (default) or torch; the epoch count is the first argument (default 12).
// Its last line is "test accuracy: 0.xxxx".
using KerasSharp;
using KerasSharp.Callbacks;
using KerasSharp.Datasets;
using KerasSharp.Layers;
using KerasSharp.Models;

int epochs = args.Length > 0 ? int.Parse(args[0]) : 12;
Config.SetSeed(42);

var ((xTrain, yTrain), (xTest, yTest)) = FashionMnist.Load();     // uint8 [N, 28, 28], integer labels
var trainImages = Ops.Reshape(xTrain / 255f, -1, 28, 28, 1);       // channels_last: [N, 28, 28, 1]
var testImages = Ops.Reshape(xTest / 255f, -1, 28, 28, 1);

var model = new Sequential(
[
    new Input(shape: [28, 28, 1]),
    new Conv2D(32, kernelSize: 3, padding: "same"),
    new BatchNormalization(),
    new ReLU(),
    new MaxPooling2D(poolSize: 2),
    new Conv2D(64, kernelSize: 3, padding: "same"),
    new BatchNormalization(),
    new ReLU(),
    new MaxPooling2D(poolSize: 2),
    new Flatten(),
    new Dropout(0.3),
    new Dense(128, activation: "relu"),
    new Dropout(0.3),
    new Dense(10, activation: "softmax"),
]);
model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
model.Summary();
var history = model.Fit(trainImages, yTrain, batchSize: 64, epochs: epochs, validationSplit: 0.1, verbose: 2,
                        callbacks: [new EarlyStopping(monitor: "val_loss", patience: 3, restoreBestWeights: true)]);
var scores = model.Evaluate(testImages, yTest);
Console.WriteLine($"backend: {Backend.Name}, epochs run: {history.Epochs.Count}, test loss: {scores["loss"]:F4}");
Console.WriteLine($"test accuracy: {scores["accuracy"]:F4}");
