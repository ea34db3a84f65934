namespace KerasSharp.Backends;

/// <summary>
/// Convolution and pooling on channels-last data: an optional part of the backend contract. Without it, Core composes
/// <see cref="Ops.Conv2dChannelsLast"/> and the channels-last poolings from primitives: the input (and a convolution's
/// kernel) transposed to NCHW (OIHW), the NCHW op, one pass each for a scale, a shift and a ReLU, and the result
/// transposed back, which on a network like ResNet-50 moves about as much memory as the convolutions themselves.
/// </summary>
public interface IChannelsLastKernels
{
    /// <summary>
    /// <c>y = conv2d(x, kernel) * scale + shift + residual</c>, then <c>max(y, 0)</c> when <paramref name="relu"/>, with
    /// scale and shift per output channel (each of the three may be null: 1, 0, 0). x is [N, H, W, C], kernel
    /// [kh, kw, C/groups, O] (Keras's layout), scale and shift [O], residual and the result [N, OH, OW, O] =
    /// <paramref name="outShape"/>. All share one floating dtype; the geometry is already checked. The values are those
    /// of the composed ops up to float rounding.
    /// </summary>
    Tensor Conv2dChannelsLast(Tensor x, Tensor kernel, Tensor? scale, Tensor? shift, Tensor? residual, bool relu, Conv2dGeometry g, Shape outShape);

    /// <summary>
    /// <see cref="IBackend.Pool2d"/> on x [N, H, W, C], giving [N, OH, OW, C] = <paramref name="outShape"/>, with the same
    /// values: padding never wins a max (the first maximum, NaN wins) and is not counted in an average; a window with
    /// no cell inside the image gives 0.
    /// </summary>
    Tensor Pool2dChannelsLast(PoolOp op, Tensor x, Conv2dGeometry g, Shape outShape);
}
