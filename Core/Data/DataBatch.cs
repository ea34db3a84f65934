namespace KerasSharp.Data;

/// <summary>
/// One batch as <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c> consume it: the inputs, the targets (empty for
/// prediction) and optional per-sample weights, all sharing their first (batch) axis. Whoever receives a batch
/// from an <see cref="IBatchSource"/> owns its tensors and disposes them (<see cref="Dispose"/>).
/// </summary>
public sealed class DataBatch : IDisposable
{
    /// <summary>A batch of inputs, targets and optional sample weights.</summary>
    /// <param name="x">The inputs.</param>
    /// <param name="y">The targets, or null.</param>
    /// <param name="sampleWeight">Per-sample weights, or null.</param>
    /// <param name="ownsTensors">Whether <see cref="Dispose"/> frees the tensors (false: they stay the producer's).</param>
    public DataBatch(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor>? y = null, Tensor? sampleWeight = null, bool ownsTensors = true)
    {
        OwnsTensors = ownsTensors;
        ArgumentNullException.ThrowIfNull(x);
        X = x;
        Y = y ?? [];
        SampleWeight = sampleWeight;
    }

    /// <summary>
    /// A batch given as a flat list of components, as a <c>Dataset</c> element is: (x), (x, y) or (x, y, sampleWeight)
    /// for a one-input model, which is how <see cref="X"/>, <see cref="Y"/> and <see cref="SampleWeight"/> are filled
    /// here; a model with n inputs reads them from <see cref="Components"/> as (x1, ..., xn), (x1, ..., xn, y) or
    /// (x1, ..., xn, y, sampleWeight) instead. More than three components fill <see cref="X"/> with all of them.
    /// </summary>
    public static DataBatch FromComponents(IReadOnlyList<Tensor> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        if (components.Count == 0) throw new ArgumentException("DataBatch: an element needs at least one component.");
        var batch = components.Count switch
        {
            1 => new DataBatch([components[0]]),
            2 => new DataBatch([components[0]], [components[1]]),
            3 => new DataBatch([components[0]], [components[1]], components[2]),
            _ => new DataBatch(components),
        };
        batch.Components = components;
        return batch;
    }

    /// <summary>The flat components when the batch was made by <see cref="FromComponents"/>; null otherwise.</summary>
    public IReadOnlyList<Tensor>? Components { get; private set; }

    /// <summary>The inputs, one tensor per model input.</summary>
    public IReadOnlyList<Tensor> X { get; }

    /// <summary>The targets, one tensor per model output; empty when the batch has none.</summary>
    public IReadOnlyList<Tensor> Y { get; }

    /// <summary>Per-sample weights of shape [batch], or null.</summary>
    public Tensor? SampleWeight { get; }

    /// <summary>Whether <see cref="Dispose"/> frees the tensors.</summary>
    public bool OwnsTensors { get; }

    /// <summary>Frees the batch's tensors (when it owns them) except those in <paramref name="keep"/> (a step that returned its input).</summary>
    public void DisposeExcept(IReadOnlyCollection<Tensor> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        if (!OwnsTensors) return;
        foreach (var t in X.Concat(Y).Append(SampleWeight))
            if (t is not null && !keep.Any(k => ReferenceEquals(k, t))) t.Dispose();
    }

    /// <summary>Frees every tensor of the batch when it owns them.</summary>
    public void Dispose()
    {
        if (!OwnsTensors) return;
        foreach (var t in X) t.Dispose();
        foreach (var t in Y) t.Dispose();
        SampleWeight?.Dispose();
    }
}
