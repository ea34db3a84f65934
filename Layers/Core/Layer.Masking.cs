namespace KerasSharp.Layers;

public abstract partial class Layer
{
    /// <summary>
    /// Whether the layer passes a mask on (Keras's <c>supports_masking</c>). A layer that supports masking gets its
    /// output's mask from <see cref="ComputeMask(Tensor, Tensor?)"/> (by default the input's mask, unchanged); one that
    /// does not drops the mask, as Keras 3 does (Keras warns; KerasSharp says so in the layer's docs). Shape-changing
    /// layers (Flatten, Reshape, pooling over time) therefore end a mask.
    /// </summary>
    public virtual bool SupportsMasking => false;

    /// <summary>
    /// The mask of the output for an input and the mask it carries (null: none); by default the input's mask when
    /// <see cref="SupportsMasking"/>, else null. Embedding(maskZero) and Masking make a mask here from the data.
    /// </summary>
    public virtual Tensor? ComputeMask(Tensor inputs, Tensor? previousMask) => SupportsMasking ? previousMask : null;

    /// <summary>The output's mask for several inputs: by default that of the first input (Keras passes on the first argument's mask).</summary>
    public virtual Tensor? ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> previousMasks)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(previousMasks);
        return inputs.Count == 1 ? ComputeMask(inputs[0], previousMasks[0]) : SupportsMasking ? previousMasks[0] : null;
    }

    /// <summary>
    /// The computation given the input's mask (Keras's <c>call(inputs, mask=...)</c>); called instead of
    /// <see cref="Call(Tensor, bool)"/> when the input carries a mask. Layers that use masks override it (Softmax,
    /// MultiHeadAttention); by default it ignores the mask.
    /// </summary>
    public virtual Tensor Call(Tensor inputs, Tensor? mask, bool training) => Call(inputs, training);

    /// <summary>The computation on several inputs given their masks (null entries: no mask); by default it ignores them.</summary>
    public virtual Tensor Call(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.Count == 1 ? Call(inputs[0], masks[0], training) : Call(inputs, training);
    }

    /// <summary>
    /// Attaches the layer's output mask to its (first) output when it supports masking; further outputs, such as
    /// attention scores, have other axes and carry none. A layer that does not support masking leaves its outputs as
    /// they are: a new tensor carries nothing (the mask ends there), a nested model's output its inner mask.
    /// </summary>
    private void AttachMasks(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, Tensor[] outputs)
    {
        if (!SupportsMasking) return;
        KerasMask.Set(outputs[0], ComputeMask(inputs, masks));
    }
}
