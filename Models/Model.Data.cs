using KerasSharp.Callbacks;
using KerasSharp.Data;

namespace KerasSharp.Models;

// Fit, Evaluate and Predict over batch sources (a Dataset, a sequence of batches) and over plain .NET arrays.
public partial class Model
{
    /// <summary>
    /// Trains on batches from <paramref name="data"/> (a <c>Dataset</c> of <c>(x, y)</c> or <c>(x, y, sampleWeight)</c>
    /// elements, already batched, or any <see cref="IBatchSource"/>). Each epoch is one pass over the data unless
    /// <paramref name="stepsPerEpoch"/> is given: then one pass continues across epochs, and training stops with a
    /// warning if the data runs out (Keras's rule; repeat the data to train longer). Every batch is freed after its step.
    /// </summary>
    public History Fit(IBatchSource data, int epochs = 1, Verbosity verbose = default, IReadOnlyList<ICallback>? callbacks = null,
                       IBatchSource? validationData = null, IReadOnlyDictionary<int, double>? classWeight = null,
                       int initialEpoch = 0, int? stepsPerEpoch = null, int? validationSteps = null, int validationFreq = 1)
    {
        RequireCompiled("Fit");
        ArgumentNullException.ThrowIfNull(data);
        if (epochs < 0 || initialEpoch < 0) throw new ArgumentOutOfRangeException(nameof(epochs), $"Fit: epochs ({epochs}) and initialEpoch ({initialEpoch}) must be >= 0.");
        if (stepsPerEpoch is <= 0) throw new ArgumentOutOfRangeException(nameof(stepsPerEpoch), $"Fit: stepsPerEpoch must be positive, got {stepsPerEpoch}.");
        if (validationSteps is <= 0) throw new ArgumentOutOfRangeException(nameof(validationSteps), $"Fit: validationSteps must be positive, got {validationSteps}.");
        if (validationFreq <= 0) throw new ArgumentOutOfRangeException(nameof(validationFreq), $"Fit: validationFreq must be positive, got {validationFreq}.");
        using var train = new SourceEpochs(Name, data, stepsPerEpoch, classWeight, InputNames());
        using var validation = validationData is null ? null : new SourceEpochs(Name, validationData, validationSteps, inputNames: InputNames());
        return FitData(train, validation, epochs, verbose, callbacks, initialEpoch, validationFreq);
    }

    /// <summary>Trains on a sequence of <c>(x, y)</c> batches, enumerated once per epoch (see <see cref="Fit(IBatchSource, int, Verbosity, IReadOnlyList{ICallback}?, IBatchSource?, IReadOnlyDictionary{int, double}?, int, int?, int?, int)"/>).</summary>
    public History Fit(IEnumerable<(Tensor X, Tensor Y)> batches, int epochs = 1, Verbosity verbose = default, IReadOnlyList<ICallback>? callbacks = null,
                       IEnumerable<(Tensor X, Tensor Y)>? validationData = null, int initialEpoch = 0, int? stepsPerEpoch = null) =>
        Fit(BatchSource.From(batches), epochs, verbose, callbacks, validationData is null ? null : BatchSource.From(validationData),
            initialEpoch: initialEpoch, stepsPerEpoch: stepsPerEpoch);

    /// <summary>Loss and metrics over every batch of <paramref name="data"/> (or its first <paramref name="steps"/> batches).</summary>
    public Dictionary<string, double> Evaluate(IBatchSource data, Verbosity verbose = default, int? steps = null, IReadOnlyList<ICallback>? callbacks = null)
    {
        RequireCompiled("Evaluate");
        ArgumentNullException.ThrowIfNull(data);
        if (steps is <= 0) throw new ArgumentOutOfRangeException(nameof(steps), $"Evaluate: steps must be positive, got {steps}.");
        using var source = new SourceEpochs(Name, data, steps, inputNames: InputNames());
        return EvaluateSource(source, verbose, callbacks);
    }

    /// <summary>Loss and metrics over a sequence of <c>(x, y)</c> batches.</summary>
    public Dictionary<string, double> Evaluate(IEnumerable<(Tensor X, Tensor Y)> batches, Verbosity verbose = default, int? steps = null) =>
        Evaluate(BatchSource.From(batches), verbose, steps);

    /// <summary>
    /// Predictions for every batch of <paramref name="data"/> (or its first <paramref name="steps"/> batches), joined
    /// along the sample axis; targets in the batches are ignored. The first output of a multi-output model (see <see cref="PredictAll(IBatchSource, Verbosity, int?, IReadOnlyList{ICallback}?)"/>).
    /// </summary>
    public Tensor Predict(IBatchSource data, Verbosity verbose = default, int? steps = null, IReadOnlyList<ICallback>? callbacks = null)
    {
        var all = PredictAll(data, verbose, steps, callbacks);
        for (int i = 1; i < all.Length; i++) all[i].Dispose();
        return all[0];
    }

    /// <summary>Predictions of every output for the batches of <paramref name="data"/>.</summary>
    public Tensor[] PredictAll(IBatchSource data, Verbosity verbose = default, int? steps = null, IReadOnlyList<ICallback>? callbacks = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (steps is <= 0) throw new ArgumentOutOfRangeException(nameof(steps), $"Predict: steps must be positive, got {steps}.");
        using var source = new SourceEpochs(Name, data, steps, inputNames: InputNames());
        return PredictSource(source, verbose, callbacks);
    }

    /// <summary>Predictions for a sequence of input batches.</summary>
    public Tensor Predict(IEnumerable<Tensor> batches, Verbosity verbose = default) => Predict(BatchSource.From(batches), verbose);

    // ---- plain .NET arrays ----

    /// <summary>
    /// Trains on .NET arrays: inputs as <c>float[,]</c>, <c>double[,]</c>, <c>float[][]</c>, <c>byte[,,]</c> or any
    /// rectangular or jagged numeric array; targets as <c>int[]</c>/<c>long[]</c> class indices or float arrays.
    /// Floating inputs and targets become float32 (Keras casts inputs to the layers' dtype); integer targets keep
    /// their type. The tensors made from the arrays are freed when training ends.
    /// </summary>
    public History Fit(Array x, Array y, int batchSize = 32, int epochs = 1, Verbosity verbose = default,
                       IReadOnlyList<ICallback>? callbacks = null, double validationSplit = 0, bool shuffle = true,
                       IReadOnlyDictionary<int, double>? classWeight = null, int initialEpoch = 0, int? stepsPerEpoch = null)
    {
        using var xt = FromArray(x, nameof(x), input: true);
        using var yt = FromArray(y, nameof(y), input: false);
        return Fit(xt, yt, batchSize, epochs, verbose, callbacks, validationSplit, shuffle: shuffle, classWeight: classWeight,
                   initialEpoch: initialEpoch, stepsPerEpoch: stepsPerEpoch);
    }

    /// <summary>Loss and metrics over .NET arrays (see <see cref="Fit(Array, Array, int, int, Verbosity, IReadOnlyList{ICallback}?, double, bool, IReadOnlyDictionary{int, double}?, int, int?)"/>).</summary>
    public Dictionary<string, double> Evaluate(Array x, Array y, int batchSize = 32, Verbosity verbose = default)
    {
        using var xt = FromArray(x, nameof(x), input: true);
        using var yt = FromArray(y, nameof(y), input: false);
        return Evaluate(xt, yt, batchSize, verbose);
    }

    /// <summary>Predictions for a .NET array of inputs, as a tensor (the first output).</summary>
    public Tensor Predict(Array x, int batchSize = 32, Verbosity verbose = default)
    {
        using var xt = FromArray(x, nameof(x), input: true);
        return Predict(xt, batchSize, verbose);
    }

    /// <summary>
    /// Predictions for a .NET array of inputs as a <c>float[samples, outputs]</c> array (the first output, which must be
    /// rank 2: use <c>Predict(x).ToArray&lt;float&gt;()</c> for other ranks).
    /// </summary>
    public float[,] PredictArray(Array x, int batchSize = 32)
    {
        using var result = Predict(x, batchSize);
        if (result.Rank != 2)
            throw new InvalidOperationException($"Model '{Name}': PredictArray returns [samples, outputs] arrays, but the output has shape {result.Shape}; use Predict(x).ToArray<float>().");
        return result.ToArray2D<float>();
    }

    /// <summary>Predictions for a tensor of inputs as a <c>float[samples, outputs]</c> array (the first output, rank 2).</summary>
    public float[,] PredictArray(Tensor x, int batchSize = 32)
    {
        using var result = Predict(x, batchSize);
        if (result.Rank != 2)
            throw new InvalidOperationException($"Model '{Name}': PredictArray returns [samples, outputs] arrays, but the output has shape {result.Shape}; use Predict(x).ToArray<float>().");
        return result.ToArray2D<float>();
    }

    private Tensor FromArray(Array data, string what, bool input)
    {
        ArgumentNullException.ThrowIfNull(data, what);
        Tensor t;
        try { t = Tensor.FromAnyArray(data); }
        catch (ArgumentException e) { throw new ArgumentException($"Model '{Name}': {what}: {e.Message}", what, e); }
        if (t.DType is DType.Float64 || (input && t.DType is not DType.Float32 && t.DType is not DType.Int32 && t.DType is not DType.Int64 && t.DType is not DType.String))
        {
            // Floating data trains in float32; byte images are scaled by the user, not here, but must be float to multiply weights.
            var cast = Ops.Cast(t, DType.Float32);
            t.Dispose();
            return cast;
        }
        return t;
    }

    /// <summary>The names of the model's inputs (one unnamed input for a model without a graph).</summary>
    private IReadOnlyList<string> InputNames() => Inputs.Count == 0 ? ["input"] : [.. Inputs.Select(i => i.Name)];

    private static TrainingParameters StepParams(int? steps, int verbose, int? epochs = null) => new(epochs ?? 1, steps, verbose);

    private void RanOutOfData(int epochs, int? steps)
    {
        Console.Error.WriteLine($"Model '{Name}': the input ran out of data; training stops. Make sure the data can give at least " +
                                $"stepsPerEpoch * epochs = {steps} * {epochs} batches (use Repeat() on a Dataset).");
        StopTraining = true;
    }
}
