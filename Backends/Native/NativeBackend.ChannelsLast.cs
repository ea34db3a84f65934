using System.Numerics;

namespace KerasSharp.Backends.Native;

public sealed partial class NativeBackend : IChannelsLastKernels
{
    /// <inheritdoc/>
    /// <remarks>One implicit GEMM on the channels-last data and the Keras kernel as they are (<see cref="ChannelsLastConv"/>).</remarks>
    public Tensor Conv2dChannelsLast(Tensor x, Tensor kernel, Tensor? scale, Tensor? shift, Tensor? residual, bool relu, Conv2dGeometry g,
                                     Shape outShape) =>
        Dispatch.Float<Tensor, ChannelsLastConvFn>(x.DType, new(this, x, kernel, scale, shift, residual, relu, g, outShape), "Conv2dChannelsLast");

    private readonly record struct ChannelsLastConvFn(NativeBackend B, Tensor X, Tensor W, Tensor? Scale, Tensor? Shift, Tensor? Residual,
                                                      bool Relu, Conv2dGeometry G, Shape Out) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var y = ChannelsLastConv.Forward(NativeTensors.Data<T>(X), X.Shape, NativeTensors.Data<T>(W), W.Shape,
                                             Scale is null ? null : NativeTensors.Data<T>(Scale), Shift is null ? null : NativeTensors.Data<T>(Shift),
                                             Residual is null ? null : NativeTensors.Data<T>(Residual), Relu, G, Out);
            return NativeTensors.Wrap(B, y, Out);
        }
    }

    /// <inheritdoc/>
    public Tensor Pool2dChannelsLast(PoolOp op, Tensor x, Conv2dGeometry g, Shape outShape) =>
        Dispatch.Float<Tensor, ChannelsLastPoolFn>(x.DType, new(this, op, x, g, outShape), "Pool2dChannelsLast");

    private readonly record struct ChannelsLastPoolFn(NativeBackend B, PoolOp Op, Tensor X, Conv2dGeometry G, Shape Out) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T> =>
            NativeTensors.Wrap(B, ChannelsLastPool.Forward(Op, NativeTensors.Data<T>(X), X.Shape, G, Out), Out);
    }
}
