using KerasSharp.Callbacks;

namespace KerasSharp.Models.Tests.Training;

/// <summary>Records every hook as "name index".</summary>
internal sealed class HookLog : Callback
{
    public List<string> Events { get; } = [];
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs) => Events.Add("train_begin");
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs) => Events.Add("train_end");
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs) => Events.Add($"epoch_begin {epoch}");
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => Events.Add($"epoch_end {epoch}");
    public override void OnTrainBatchBegin(int batch, IReadOnlyDictionary<string, double> logs) => Events.Add($"train_batch_begin {batch}");
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => Events.Add($"train_batch_end {batch}");
    public override void OnTestBegin(IReadOnlyDictionary<string, double> logs) => Events.Add("test_begin");
    public override void OnTestEnd(IReadOnlyDictionary<string, double> logs) => Events.Add("test_end");
    public override void OnTestBatchBegin(int batch, IReadOnlyDictionary<string, double> logs) => Events.Add($"test_batch_begin {batch}");
    public override void OnTestBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => Events.Add($"test_batch_end {batch}");
    public override void OnPredictBegin(IReadOnlyDictionary<string, double> logs) => Events.Add("predict_begin");
    public override void OnPredictEnd(IReadOnlyDictionary<string, double> logs) => Events.Add("predict_end");
    public override void OnPredictBatchBegin(int batch, IReadOnlyDictionary<string, double> logs) => Events.Add($"predict_batch_begin {batch}");
    public override void OnPredictBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => Events.Add($"predict_batch_end {batch}");
}

/// <summary>Counts training and validation batches in the last epoch.</summary>
internal sealed class StepCounter : Callback
{
    private int _train, _test;
    public int TrainBatchesPerEpoch { get; private set; }
    public int TestBatchesPerEpoch { get; private set; }
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs) => _train = _test = 0;
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => _train++;
    public override void OnTestBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => _test++;
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        TrainBatchesPerEpoch = _train;
        TestBatchesPerEpoch = _test;
    }
}

/// <summary>Writes a scripted value into the epoch logs (runs before the callbacks after it) and remembers the weights.</summary>
internal sealed class ScriptedMetric(string name, double[] values) : Callback
{
    public List<float[]> WeightsAtEpoch { get; } = [];

    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        ((IDictionary<string, double>)logs)[name] = values[epoch];
        WeightsAtEpoch.Add(Model!.Weights[0].ToArray<float>());
    }
}

/// <summary>Samples the number of live tensors at the end of each epoch.</summary>
internal sealed class LiveTensorProbe : Callback
{
    public List<long> AtEpochEnd { get; } = [];
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => AtEpochEnd.Add(Tensor.LiveCount);
}
