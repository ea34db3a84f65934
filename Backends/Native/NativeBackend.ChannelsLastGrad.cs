using System.Numerics;

namespace KerasSharp.Backends.Native;

public sealed partial class NativeBackend : IChannelsLastGradKernels
{
    /// <inheritdoc/>
    public bool SupportsConv2dChannelsLastGrad(Conv2dGeometry g, DType dtype) => ChannelsLastConvGrad.Supports(g) && dtype is DType.Float32 or DType.Float64;

    /// <inheritdoc/>
    /// <remarks>The inference kernel forward; backward <see cref="ChannelsLastConvGrad"/> and a per-channel sum for the bias.</remarks>
    public (Tensor Output, ChannelsLastConvBackward Backward) Conv2dChannelsLastForTraining(Tensor x, Tensor kernel, Tensor? bias, Conv2dGeometry g,
                                                                                             Shape outShape)
    {
        var y = Conv2dChannelsLast(x, kernel, null, bias, null, false, g, outShape);
        return (y, (dy, input, kernelGrad, biasGrad) => (
            input ? Dispatch.Float<Tensor, InputGradFn>(dy.DType, new(this, dy, kernel, g, x.Shape), "Conv2dChannelsLastInputGrad") : null,
            kernelGrad ? Dispatch.Float<Tensor, KernelGradFn>(x.DType, new(this, x, dy, g, kernel.Shape), "Conv2dChannelsLastKernelGrad") : null,
            biasGrad && bias is not null ? Ops.Sum(dy, [0, 1, 2]) : null));
    }

    /// <inheritdoc/>
    public (Tensor Output, Func<Tensor, Tensor> Backward) Pool2dChannelsLastForTraining(PoolOp op, Tensor x, Conv2dGeometry g, Shape outShape) =>
        (Pool2dChannelsLast(op, x, g, outShape), dy => Dispatch.Float<Tensor, PoolGradFn>(x.DType, new(this, op, x, dy, g), "Pool2dChannelsLastInputGrad"));

    private readonly record struct PoolGradFn(NativeBackend B, PoolOp Op, Tensor X, Tensor G, Conv2dGeometry Geometry) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T> =>
            NativeTensors.Wrap(B, ChannelsLastPoolGrad.InputGrad(Op, NativeTensors.Data<T>(X), X.Shape, NativeTensors.Data<T>(G), G.Shape, Geometry), X.Shape);
    }

    private readonly record struct InputGradFn(NativeBackend B, Tensor G, Tensor W, Conv2dGeometry Geometry, Shape Input) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T> =>
            NativeTensors.Wrap(B, ChannelsLastConvGrad.InputGrad(NativeTensors.Data<T>(G), G.Shape, NativeTensors.Data<T>(W), W.Shape, Geometry, Input), Input);
    }

    private readonly record struct KernelGradFn(NativeBackend B, Tensor X, Tensor G, Conv2dGeometry Geometry, Shape Kernel) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T> =>
            NativeTensors.Wrap(B, ChannelsLastConvGrad.KernelGrad(NativeTensors.Data<T>(X), X.Shape, NativeTensors.Data<T>(G), G.Shape, Kernel, Geometry), Kernel);
    }
}
