// The child process of the BackupAndRestore test: trains a small model with dropout and shuffling, in a process of its
// own so that it can be killed (SIGKILL) at any moment. The backend comes from KERASSHARP_BACKEND.
//   backup <backupDir> <saveFreq> <out.weights.h5>   Fit with BackupAndRestore (resumes from the folder), then SaveWeights
//   full   <out.weights.h5>                          the same Fit without any callback, in one go
// Lines on stdout: "batch E S" after each batch, "save-begin"/"save-end" around each backup (saveFreq in batches).
using KerasSharp;
using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;

_ = typeof(KerasSharp.Backends.Torch.TorchBackend);
_ = typeof(KerasSharp.Backends.Native.NativeBackend);

Config.SetSeed(29);
var x = Ops.RandomUniform([96, 8], -1, 1, seed: 1);
var y = Ops.RandomUniform([96, 3], -1, 1, seed: 2);
var model = new Sequential([new Input([8]), new Dense(48, activation: "relu"), new Dropout(0.25), new Dense(3)]);
model.Compile(optimizer: "adam", loss: "mse");
const int epochs = 6, batchSize = 8;

switch (args[0])
{
    case "backup":
    {
        SaveFrequency freq = args[2] == "epoch" ? "epoch" : int.Parse(args[2]);
        var backup = new BackupAndRestore(args[1], freq);
        // Batches are counted from this process's start, as BackupAndRestore counts them: every freq-th one is backed up.
        int count = 0;
        var before = new LambdaCallback(onTrainBatchEnd: (b, _) => { if (++count % freq.Batches == 0) Console.WriteLine("save-begin"); });
        var after = new LambdaCallback(onTrainBatchEnd: (b, _) => { if (count % freq.Batches == 0) Console.WriteLine("save-end"); },
                                       onTrainBegin: _ => Console.WriteLine($"resumed {backup.ResumedFrom?.ToString() ?? "none"}"));
        var progress = new LambdaCallback(onTrainBatchEnd: (b, _) => Console.WriteLine($"batch {model.FitPosition?.Epoch} {b}"));
        model.Fit(x, y, batchSize: batchSize, epochs: epochs, verbose: 0, callbacks: [progress, before, backup, after]);
        model.SaveWeights(args[3]);
        break;
    }
    case "full":
        model.Fit(x, y, batchSize: batchSize, epochs: epochs, verbose: 0);
        model.SaveWeights(args[1]);
        break;
    default:
        Console.Error.WriteLine($"unknown command {args[0]}");
        return 2;
}
return 0;
