namespace KerasSharp.Layers;

/// <summary>Keras's depthwise kernel [kh, kw, in, multiplier] as a grouped OIHW kernel [in*multiplier, 1, kh, kw].</summary>
internal static class DepthwiseKernelLayout
{
    public static Tensor ToOihw(Tensor kernel)
    {
        int kh = kernel.Shape[0], kw = kernel.Shape[1], channels = kernel.Shape[2] * kernel.Shape[3];
        // Output channel c*multiplier + m comes from input channel c, as in Keras.
        return Ops.Transpose(Ops.Reshape(kernel, kh, kw, 1, channels), [3, 2, 0, 1]);
    }
}
