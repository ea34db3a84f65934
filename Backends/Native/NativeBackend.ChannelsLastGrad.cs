using System.Numerics;

namespace KerasSharp.Backends.Native;

public sealed partial class NativeBackend : IChannelsLastGradKernels
{
    /// <inheritdoc/>
    public bool SupportsConv2dChannelsLastGrad(Conv2dGeometry g, DType dtype) => ChannelsLastConvGrad.Supports(g) && dtype is DType.Float32 or DType.Float64;

    /// <inheritdoc/>
    public Tensor Conv2dChannelsLastInputGrad(Tensor gradient, Tensor kernel, Conv2dGeometry g, Shape inputShape) =>
        Dispatch.Float<Tensor, InputGradFn>(gradient.DType, new(this, gradient, kernel, g, inputShape), "Conv2dChannelsLastInputGrad");

    /// <inheritdoc/>
    public Tensor Conv2dChannelsLastKernelGrad(Tensor x, Tensor gradient, Conv2dGeometry g, Shape kernelShape) =>
        Dispatch.Float<Tensor, KernelGradFn>(x.DType, new(this, x, gradient, g, kernelShape), "Conv2dChannelsLastKernelGrad");

    /// <inheritdoc/>
    public Tensor Pool2dChannelsLastInputGrad(PoolOp op, Tensor x, Tensor gradient, Conv2dGeometry g) =>
        Dispatch.Float<Tensor, PoolGradFn>(x.DType, new(this, op, x, gradient, g), "Pool2dChannelsLastInputGrad");

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
