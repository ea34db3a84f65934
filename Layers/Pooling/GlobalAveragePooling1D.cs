namespace KerasSharp.Layers;

/// <summary>
/// The mean over the time axis of (N, L, C) (or (N, C, L)) inputs. With a Keras mask (from Embedding(maskZero) or
/// Masking) it is the mean over the kept steps only, as Keras's; a sample with every step masked gives zeros (Keras
/// divides by zero there).
/// </summary>
public sealed class GlobalAveragePooling1D : BaseGlobalPooling
{
    /// <summary>Creates the layer.</summary>
    public GlobalAveragePooling1D(string dataFormat = "channels_last", bool keepdims = false, string? name = null)
        : base(1, false, dataFormat, keepdims, name)
    { }

    /// <summary>True: the layer reads the mask (and ends it: the time axis is gone).</summary>
    public override bool SupportsMasking => true;

    /// <summary>Null: the output has no time axis to mask.</summary>
    public override Tensor? ComputeMask(Tensor inputs, Tensor? previousMask) => null;

    /// <summary>The mean over the steps the mask keeps.</summary>
    public override Tensor Call(Tensor inputs, Tensor? mask, bool training)
    {
        if (mask is null) return Call(inputs, training);
        bool last = DataFormat == "channels_last";
        int steps = last ? 1 : 2;
        if (mask.Rank != 2 || mask.Shape[0] != inputs.Shape[0] || mask.Shape[1] != inputs.Shape[steps])
            throw new ArgumentException($"Layer '{Name}': the mask {mask.Shape} does not match the (batch, steps) of input {inputs.Shape}.");
        var x = inputs.DType.IsFloating() ? inputs : Ops.Cast(inputs, DType.Float32);
        var m = Ops.ExpandDims(Ops.Cast(mask, x.DType), last ? 2 : 1);
        var total = Ops.Sum(Ops.Multiply(x, m), [steps], Keepdims);
        var kept = Ops.Sum(m, [steps], Keepdims);
        return Ops.Divide(total, Ops.Maximum(kept, Ops.OnesLike(kept)));
    }
}
