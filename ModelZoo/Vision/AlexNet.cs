using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.ModelZoo;

/// <summary>
/// torchvision's AlexNet ("one weird trick" variant): convolutions of 64, 192, 384, 256 and 256 filters, an adaptive
/// average pool to 6x6 and a classifier of two dropout + 4096-unit layers, named as torchvision names its modules
/// (<c>features.0</c> ... <c>classifier.6</c>) so its published weights load by name.
/// </summary>
internal static class AlexNet
{
    public static Model Build(string? weights, bool includeTop, int?[]? inputShape, string? pooling, int classes,
                              string? classifierActivation, string dataFormat, string? name)
    {
        var options = new ApplicationOptions("AlexNet", weights, includeTop, inputShape, pooling, classes, classifierActivation, dataFormat, minSize: 63);
        var v = new VisionLayers(options.DataFormat);
        var input = new Input(options.InputShape, name: "input");
        var x = v.Conv(input, "features.0", 64, 11, stride: 4, padding: 2, useBias: true, activation: "relu");
        x = v.MaxPool(x, "features.2", 3, 2);
        x = v.Conv(x, "features.3", 192, 5, padding: 2, useBias: true, activation: "relu");
        x = v.MaxPool(x, "features.5", 3, 2);
        x = v.Conv(x, "features.6", 384, 3, padding: 1, useBias: true, activation: "relu");
        x = v.Conv(x, "features.8", 256, 3, padding: 1, useBias: true, activation: "relu");
        x = v.Conv(x, "features.10", 256, 3, padding: 1, useBias: true, activation: "relu");
        x = v.MaxPool(x, "features.12", 3, 2);
        KerasTensor output;
        if (options.IncludeTop)
        {
            x = new AdaptiveAveragePooling2D(6, options.DataFormat, name: "avgpool").Apply(x);
            // A plain reshape: channels-first input flattens in torchvision's (C, H, W) order, channels-last in
            // (H, W, C) order, which the weight mapping accounts for.
            x = new Flatten(name: "flatten").Apply(x);
            x = new Dropout(0.5, name: "classifier.0").Apply(x);
            x = new Dense(4096, activation: "relu", name: "classifier.1").Apply(x);
            x = new Dropout(0.5, name: "classifier.3").Apply(x);
            x = new Dense(4096, activation: "relu", name: "classifier.4").Apply(x);
            output = new Dense(options.Classes, activation: options.ClassifierActivation, name: "classifier.6").Apply(x);
        }
        else output = options.Head(x, headName: "", pooledName: "avgpool_top");
        var model = new Model(inputs: input, outputs: output, name: name ?? "alexnet");
        PretrainedWeights.Load(model, options.Weights, "alexnet", options.DataFormat);
        return model;
    }
}
