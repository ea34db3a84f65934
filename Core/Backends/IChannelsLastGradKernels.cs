namespace KerasSharp.Backends;

/// <summary>
/// Training forms of the channels-last convolution and poolings of <see cref="IChannelsLastKernels"/>: an optional part
/// of the backend contract. Each runs the op forward on the NHWC data (and the Keras kernel) as they are and returns,
/// with the output, the function that computes its gradients, so a backend may keep what its backward needs (libtorch
/// keeps its autograd graph). Without it, Core records the composed form (transposes to NCHW around
/// <see cref="Ops.Conv2d"/>), which on a ResNet moves about 0.7 GB more a step. Core asks only for plain convolutions
/// (a bias at most; the residual and ReLU are ops of their own) and composes the backward when a higher-order tape
/// records it.
/// </summary>
public interface IChannelsLastGradKernels
{
    /// <summary>Whether this backend has the training form of a convolution with this geometry and dtype (when false Core composes it).</summary>
    bool SupportsConv2dChannelsLastGrad(Conv2dGeometry g, DType dtype);

    /// <summary>
    /// <c>conv2d(x, kernel) + bias</c> as <see cref="IChannelsLastKernels.Conv2dChannelsLast"/> computes it (x [N, H, W, C],
    /// kernel [kh, kw, C/groups, O], bias [O] or null, the result [N, OH, OW, O] = <paramref name="outShape"/>), and its
    /// backward.
    /// </summary>
    (Tensor Output, ChannelsLastConvBackward Backward) Conv2dChannelsLastForTraining(Tensor x, Tensor kernel, Tensor? bias, Conv2dGeometry g,
                                                                                      Shape outShape);

    /// <summary>
    /// <see cref="IChannelsLastKernels.Pool2dChannelsLast"/> and its backward: the input's gradient for the output's (a max
    /// pooling's goes to each window's first maximum, NaN winning; an average's is spread over the window's cells
    /// inside the image, as <see cref="IBackend.Pool2dBackward"/> on NCHW data).
    /// </summary>
    (Tensor Output, Func<Tensor, Tensor> Backward) Pool2dChannelsLastForTraining(PoolOp op, Tensor x, Conv2dGeometry g, Shape outShape);
}

/// <summary>
/// The gradients of a channels-last convolution for its output's <paramref name="gradient"/> [N, OH, OW, O]: the input's
/// [N, H, W, C], the kernel's [kh, kw, C/groups, O] and the bias's [O], each only where asked (null otherwise). Called at
/// most once.
/// </summary>
public delegate (Tensor? Input, Tensor? Kernel, Tensor? Bias) ChannelsLastConvBackward(Tensor gradient, bool input, bool kernel, bool bias);
