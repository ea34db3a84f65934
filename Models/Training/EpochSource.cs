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
    private readonly IReadOnlyList<string> _inputs;
    private IEnumerator<DataBatch>? _pass;

    public SourceEpochs(string model, IBatchSource source, int? stepsPerEpoch, IReadOnlyDictionary<int, double>? classWeight = null,
                        IReadOnlyList<string>? inputNames = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        _model = model;
        _inputs = inputNames is { Count: > 0 } ? inputNames : ["input"];
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

    /// <summary>
    /// A batch of flat components (a Dataset element) read for this model's n inputs: (x1..xn), (x1..xn, y) or
    /// (x1..xn, y, sampleWeight); any other count fails naming the model's inputs.
    /// </summary>
    private DataBatch Grouped(DataBatch batch)
    {
        if (batch.Components is not { } c) return batch;
        int n = _inputs.Count;
        if (n == 1 && c.Count <= 3) return batch;
        if (c.Count < n || c.Count > n + 2)
        {
            batch.Dispose();
            string names = string.Join(", ", _inputs);
            string xs = n == 1 ? "x" : string.Join(", ", Enumerable.Range(1, n).Select(i => $"x{i}"));
            throw new ArgumentException($"Model '{_model}' has {n} input{(n == 1 ? "" : "s")} ({names}), but the data's elements have {c.Count} component{(c.Count == 1 ? "" : "s")}; " +
                                        $"give ({xs}), ({xs}, y) or ({xs}, y, sampleWeight), the inputs in that order.");
        }
        return new DataBatch([.. c.Take(n)], c.Count > n ? [c[n]] : null, c.Count > n + 1 ? c[n + 1] : null, batch.OwnsTensors);
    }

    private DataBatch Weighted(DataBatch raw)
    {
        var batch = Grouped(raw);
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
