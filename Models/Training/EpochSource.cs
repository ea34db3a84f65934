using KerasSharp.Data;

namespace KerasSharp.Models;

/// <summary>
/// What the training, evaluation and prediction loops walk, one epoch at a time (Keras 3's epoch iterator):
/// in-memory arrays cut into batches, or any <see cref="IBatchSource"/> (a Dataset, a sequence of batches).
/// </summary>
internal abstract class EpochSource
{
    /// <summary>Steps in one epoch, or null when the source does not know (the epoch ends with the data).</summary>
    public abstract int? Steps { get; }

    /// <summary>Set when a source with a fixed number of steps ran out of batches before an epoch was done.</summary>
    public bool RanOut { get; protected set; }

    /// <summary>The batches of the next epoch; the loop disposes each batch after its step and the enumerator at the end.</summary>
    public abstract IEnumerator<DataBatch> NextEpoch();

    /// <summary>A shuffle seed the next epoch uses instead of drawing one (a run resumed inside an epoch); arrays only.</summary>
    public long? ResumeSeed { get; set; }

    /// <summary>The shuffle seed of the epoch last started, or null (not shuffled, or a source that shuffles itself).</summary>
    public long? EpochSeed { get; protected set; }
}

/// <summary>In-memory arrays, shuffled per epoch when a seed generator is given.</summary>
internal sealed class ArrayEpochs(TrainingData data, int batchSize, int steps, Func<long>? shuffleSeed) : EpochSource
{
    public override int? Steps => steps;

    public override IEnumerator<DataBatch> NextEpoch()
    {
        long? seed = ResumeSeed ?? shuffleSeed?.Invoke();
        ResumeSeed = null;
        EpochSeed = seed;
        var batches = data.EpochBatches(batchSize, steps, seed);
        return Walk(batches);
    }

    private IEnumerator<DataBatch> Walk(long[][] batches)
    {
        foreach (var positions in batches)
        {
            var (x, y, sw) = data.Batch(positions);
            yield return new DataBatch(x, y, sw);
        }
    }
}

/// <summary>
/// An <see cref="IBatchSource"/>. Without <c>stepsPerEpoch</c> each epoch is one full pass. With it, one pass
/// continues across epochs (Keras's rule) and a new pass starts only after the old one ran out.
/// </summary>
internal sealed class SourceEpochs : EpochSource, IDisposable
{
    private readonly string _model;
    private readonly IBatchSource _source;
    private readonly int? _stepsPerEpoch;
    private readonly IReadOnlyDictionary<int, double>? _classWeight;
    private IEnumerator<DataBatch>? _pass;

    public SourceEpochs(string model, IBatchSource source, int? stepsPerEpoch, IReadOnlyDictionary<int, double>? classWeight = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        _model = model;
        _source = source;
        _stepsPerEpoch = stepsPerEpoch;
        _classWeight = classWeight;
        if (stepsPerEpoch is null && source.BatchCount is long n && n > int.MaxValue)
            throw new ArgumentException($"Model '{model}': the data has {n} batches per pass (or never ends); give stepsPerEpoch.");
    }

    public override int? Steps => _stepsPerEpoch ?? (int?)_source.BatchCount;

    public override IEnumerator<DataBatch> NextEpoch() => _stepsPerEpoch is int steps ? Continue(steps) : Pass();

    private IEnumerator<DataBatch> Pass()
    {
        using var pass = _source.GetBatches();
        while (pass.MoveNext()) yield return Weighted(pass.Current);
    }

    private IEnumerator<DataBatch> Continue(int steps)
    {
        for (int s = 0; s < steps; s++)
        {
            _pass ??= _source.GetBatches();
            if (!_pass.MoveNext())
            {
                _pass.Dispose();
                _pass = null;
                RanOut = true;
                yield break;
            }
            yield return Weighted(_pass.Current);
        }
    }

    private DataBatch Weighted(DataBatch batch)
    {
        if (batch.X.Count == 0) throw new ArgumentException($"Model '{_model}': a batch of the data has no inputs.");
        if (_classWeight is null) return batch;
        if (batch.Y.Count == 0) throw new ArgumentException($"Model '{_model}': classWeight needs targets, but a batch has none.");
        var weights = ClassWeights.SampleWeights(_model, batch.Y[0], _classWeight, batch.SampleWeight);
        if (batch.OwnsTensors) batch.SampleWeight?.Dispose();
        return new DataBatch(batch.X, batch.Y, weights, batch.OwnsTensors);
    }

    public void Dispose()
    {
        _pass?.Dispose();
        _pass = null;
    }
}
