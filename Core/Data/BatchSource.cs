using System.Collections;

namespace KerasSharp.Data;

/// <summary>Adapters that turn plain .NET sequences of batches into an <see cref="IBatchSource"/>.</summary>
public static class BatchSource
{
    /// <summary>
    /// A source over <c>(x, y)</c> batches. The sequence is enumerated once per epoch. Its tensors stay the caller's:
    /// a sequence that makes new tensors as it goes has them freed with the step that consumed them (the step's
    /// <see cref="TensorScope"/>), and tensors that existed before (a list of batches) are left alone.
    /// </summary>
    public static IBatchSource From(IEnumerable<(Tensor X, Tensor Y)> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        return new Adapter(batches.Select(b => new DataBatch([b.X], [b.Y], ownsTensors: false)));
    }

    /// <summary>A source over <c>(x, y, sampleWeight)</c> batches (see <see cref="From(IEnumerable{ValueTuple{Tensor, Tensor}})"/>).</summary>
    public static IBatchSource From(IEnumerable<(Tensor X, Tensor Y, Tensor SampleWeight)> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        return new Adapter(batches.Select(b => new DataBatch([b.X], [b.Y], b.SampleWeight, ownsTensors: false)));
    }

    /// <summary>A source over input-only batches, for <c>Predict</c>.</summary>
    public static IBatchSource From(IEnumerable<Tensor> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        return new Adapter(batches.Select(b => new DataBatch([b], ownsTensors: false)));
    }

    private sealed class Adapter(IEnumerable<DataBatch> batches) : IBatchSource
    {
        public long? BatchCount => batches.TryGetNonEnumeratedCount(out int n) ? n : null;
        public IEnumerator<DataBatch> GetBatches() => batches.GetEnumerator();
    }
}
