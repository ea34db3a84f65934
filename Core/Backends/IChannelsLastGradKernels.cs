namespace KerasSharp.Backends;

/// <summary>
/// The gradients of <see cref="IChannelsLastKernels.Conv2dChannelsLast"/> and of the channels-last poolings on
/// channels-last data: an optional part of the backend contract. With it, a training step runs a channels-last convolution forward and backward on the NHWC data
/// and the Keras kernel as they are; without it, Core records the composed form (transposes to NCHW around
/// <see cref="Ops.Conv2d"/>), which on a ResNet moves about 0.7 GB more a step. Core asks only for plain convolutions
/// (a bias is summed in Core; an epilogue's scale, residual or ReLU takes the composed path) and composes the backward
/// when a higher-order tape records it.
/// </summary>
public interface IChannelsLastGradKernels
{
    /// <summary>Whether this backend computes the gradients of a convolution with this geometry (when false Core composes them).</summary>
    bool SupportsConv2dChannelsLastGrad(Conv2dGeometry g, DType dtype);

    /// <summary>
    /// The input's gradient [N, H, W, C] = <paramref name="inputShape"/>, given the output's gradient
    /// <paramref name="gradient"/> [N, OH, OW, O] and the kernel [kh, kw, C/groups, O].
    /// </summary>
    Tensor Conv2dChannelsLastInputGrad(Tensor gradient, Tensor kernel, Conv2dGeometry g, Shape inputShape);

    /// <summary>
    /// The kernel's gradient [kh, kw, C/groups, O] = <paramref name="kernelShape"/>, given the input x [N, H, W, C] and the
    /// output's gradient <paramref name="gradient"/> [N, OH, OW, O].
    /// </summary>
    Tensor Conv2dChannelsLastKernelGrad(Tensor x, Tensor gradient, Conv2dGeometry g, Shape kernelShape);

    /// <summary>
    /// The input's gradient of <see cref="IChannelsLastKernels.Pool2dChannelsLast"/>, [N, H, W, C] like x, given the
    /// output's gradient: a max pooling's goes to each window's first maximum (NaN winning), an average's is spread over
    /// the window's cells inside the image, as <see cref="IBackend.Pool2dBackward"/> does on NCHW data.
    /// </summary>
    Tensor Pool2dChannelsLastInputGrad(PoolOp op, Tensor x, Tensor gradient, Conv2dGeometry g);
}
