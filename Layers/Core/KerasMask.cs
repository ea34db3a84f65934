using System.Runtime.CompilerServices;

namespace KerasSharp.Layers;

/// <summary>
/// The Keras mask a tensor carries (Keras 3's <c>_keras_mask</c>): a bool tensor over the leading axes, true where a
/// time step is real and false where it is padding. Layers attach it to their outputs (see
/// <see cref="Layer.ComputeMask(Tensor, Tensor?)"/>), so it travels with the data through eager calls, Sequential and
/// functional models alike, and a layer reads it from its inputs (<see cref="Layer.Call(Tensor, Tensor?, bool)"/>).
/// </summary>
public static class KerasMask
{
    // Weak: a mask lives as long as the tensor carrying it, and a tensor never keeps another alive.
    private static readonly ConditionalWeakTable<Tensor, Tensor> Masks = [];

    /// <summary>The mask <paramref name="tensor"/> carries, or null (none, or it was freed with its step's scope).</summary>
    public static Tensor? Get(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return Masks.TryGetValue(tensor, out var mask) && !mask.IsDisposed ? mask : null;
    }

    /// <summary>Attaches <paramref name="mask"/> to <paramref name="tensor"/> (null removes it).</summary>
    /// <exception cref="ArgumentException">The mask is not bool.</exception>
    public static void Set(Tensor tensor, Tensor? mask)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (mask is null) { Masks.Remove(tensor); return; }
        if (mask.DType != DType.Bool)
            throw new ArgumentException($"A Keras mask must be bool (true: keep the step), got {mask.DType.Name()} {mask.Shape}; compare with Ops.NotEqual to make one.");
        Masks.AddOrUpdate(tensor, mask);
    }
}
