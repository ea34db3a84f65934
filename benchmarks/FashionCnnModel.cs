using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Benchmarks;

/// <summary>samples/FashionCnn's model, for the train-cnn benchmark and the GPU check (which links this file).</summary>
internal static class FashionCnnModel
{
    public static Sequential Build() => new(
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
}
