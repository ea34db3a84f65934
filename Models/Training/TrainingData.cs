namespace KerasSharp.Models;

/// <summary>
/// Arrays of inputs, targets and optional per-sample weights that share their first (sample) axis,
/// cut into batches by index. Checks sizes once, with messages naming what disagrees.
/// </summary>
internal sealed class TrainingData
{
    public TrainingData(string modelName, IReadOnlyList<Tensor> x, IReadOnlyList<Tensor>? y, Tensor? sampleWeight)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count == 0) throw new ArgumentException($"Model '{modelName}': no input data was given.");
        X = x;
        Y = y ?? [];
        SampleWeight = sampleWeight;
        foreach (var t in X.Concat(Y))
            if (t.Rank == 0) throw new ArgumentException($"Model '{modelName}': data must have a sample axis, got a scalar.");
        Count = X[0].Shape[0];
        for (int i = 0; i < X.Count; i++)
            if (X[i].Shape[0] != Count)
                throw new ArgumentException($"Model '{modelName}': input {i} has {X[i].Shape[0]} samples (shape {X[i].Shape}) but input 0 has {Count}.");
        for (int i = 0; i < Y.Count; i++)
            if (Y[i].Shape[0] != Count)
                throw new ArgumentException($"Model '{modelName}': target {i} has {Y[i].Shape[0]} samples (shape {Y[i].Shape}) but the inputs have {Count}.");
        if (sampleWeight is not null && (sampleWeight.Rank != 1 || sampleWeight.Shape[0] != Count))
            throw new ArgumentException($"Model '{modelName}': sampleWeight has shape {sampleWeight.Shape}, expected [{Count}].");
    }

    public IReadOnlyList<Tensor> X { get; }
    public IReadOnlyList<Tensor> Y { get; }
    public Tensor? SampleWeight { get; }
    public int Count { get; }

    /// <summary>Splits off the last <paramref name="fraction"/> of the samples (before any shuffling), as Keras's validationSplit.</summary>
    public (TrainingData Train, TrainingData Validation) Split(string modelName, double fraction)
    {
        int at = (int)(Count * (1 - fraction));
        if (at <= 0 || at >= Count)
            throw new ArgumentException($"Model '{modelName}': validationSplit={fraction} leaves no samples for training or for validation out of {Count}.");
        TrainingData Part(int start, int stop) => new(modelName,
            X.Select(t => Ops.SliceAxis(t, 0, start, stop - start)).ToArray(),
            Y.Select(t => Ops.SliceAxis(t, 0, start, stop - start)).ToArray(),
            SampleWeight is null ? null : Ops.SliceAxis(SampleWeight, 0, start, stop - start));
        return (Part(0, at), Part(at, Count));
    }

    /// <summary>The batch at the given sample positions.</summary>
    public (Tensor[] X, Tensor[] Y, Tensor? SampleWeight) Batch(long[] positions)
    {
        var first = X[0];
        using var idx = first.Backend.FromHost(positions, new Shape(positions.Length), DType.Int64, first.Device);
        return (X.Select(t => Ops.Take(t, idx)).ToArray(),
                Y.Select(t => Ops.Take(t, idx)).ToArray(),
                SampleWeight is null ? null : Ops.Take(SampleWeight, idx));
    }

    /// <summary>
    /// Sample positions for one epoch: shuffled by <paramref name="shuffleSeed"/> or in order (null), repeated as needed
    /// to fill <paramref name="steps"/> batches.
    /// </summary>
    public long[][] EpochBatches(int batchSize, int steps, long? shuffleSeed)
    {
        var order = new long[Count];
        for (int i = 0; i < Count; i++) order[i] = i;
        if (shuffleSeed is long seed)
        {
            ulong state = (ulong)seed;
            for (int i = Count - 1; i > 0; i--)
            {
                state = RandomGenerator.Mix(state, (ulong)i);
                int j = (int)(state % (ulong)(i + 1));
                (order[i], order[j]) = (order[j], order[i]);
            }
        }
        // Batches walk the order and never straddle its end: the last batch of a pass may be short,
        // and more steps than one pass holds start the order again.
        var batches = new long[steps][];
        long cursor = 0;
        for (int s = 0; s < steps; s++)
        {
            int begin = (int)(cursor % Count);
            int length = Math.Min(batchSize, Count - begin);
            batches[s] = order[begin..(begin + length)];
            cursor += length;
        }
        return batches;
    }
}
