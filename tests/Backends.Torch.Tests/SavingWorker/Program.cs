// A child process for the saving tests: trains, saves, loads and resumes in a process of its own, so that nothing
// (global generator, layer name counters) carries over from the test process. The backend comes from KERASSHARP_BACKEND.
//   train  <seed> <epochs> <out.keras>                     fresh model, Fit, Save
//   resume <in.keras> <total epochs> <out.weights.h5>      Load, Fit from the saved epoch count, SaveWeights
//   full   <seed> <epochs> <out.weights.h5>                fresh model, Fit all epochs in one go, SaveWeights
//   save-loop <path>                                       a large model saved over and over ("saving N" / "saved N")
using KerasSharp;
using KerasSharp.Layers;
using KerasSharp.Models;

_ = typeof(KerasSharp.Backends.Torch.TorchBackend);
_ = typeof(KerasSharp.Backends.Native.NativeBackend);

switch (args[0])
{
    case "train":
    {
        var model = Fresh(long.Parse(args[1]));
        Fit(model, epochs: int.Parse(args[2]), initialEpoch: 0);
        model.Save(args[3]);
        break;
    }
    case "resume":
    {
        var model = Model.Load(args[1]);
        int done = (int)(model.Optimizer!.Iterations / Setup.StepsPerEpoch);
        Fit(model, epochs: int.Parse(args[2]), initialEpoch: done);
        model.SaveWeights(args[3]);
        break;
    }
    case "full":
    {
        var model = Fresh(long.Parse(args[1]));
        Fit(model, epochs: int.Parse(args[2]), initialEpoch: 0);
        model.SaveWeights(args[3]);
        break;
    }
    case "save-loop":
    {
        var model = new Sequential([new Input([1024]), new Dense(1024), new Dense(1024), new Dense(1024), new Dense(10)]);
        for (int i = 0; ; i++)
        {
            using (var scope = new TensorScope())
                model.GetLayer(0).Weights[1].Assign(Ops.Full([1024], i, DType.Float32));
            Console.WriteLine($"saving {i}");
            model.Save(args[1]);
            Console.WriteLine($"saved {i}");
        }
    }
    default:
        Console.Error.WriteLine($"unknown command {args[0]}");
        return 2;
}
return 0;

static Sequential Fresh(long seed)
{
    Config.SetSeed(seed);
    var model = new Sequential(
    [
        new Input([12]), new Dense(16, activation: "relu"), new BatchNormalization(), new Dropout(0.3),
        new Dense(16, activation: "relu"), new Dropout(0.2), new Dense(3, activation: "softmax"),
    ]);
    model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
    return model;
}

static void Fit(Model model, int epochs, int initialEpoch)
{
    var x = Ops.RandomUniform([Setup.Samples, 12], -1, 1, seed: 123);
    var y = Ops.Cast(Ops.ArgMax(Ops.MatMul(x, Ops.RandomNormal([12, 3], seed: 7)), -1), DType.Int64);
    model.Fit(x, y, batchSize: Setup.BatchSize, epochs: epochs, initialEpoch: initialEpoch, verbose: 0);
}

internal static class Setup
{
    public const int Samples = 200;
    public const int BatchSize = 32;
    public const int StepsPerEpoch = (Samples + BatchSize - 1) / BatchSize;
}
