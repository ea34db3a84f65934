using KerasSharp.Backends.Native.Gpu;
using System.Numerics;

namespace KerasSharp.Backends.Native;

public sealed partial class NativeBackend
{
    /// <inheritdoc/>
    public Tensor Conv2d(Tensor x, Tensor w, Conv2dGeometry g, Shape outShape)
    {
        if (GpuLaunch.OnGpu(x) || GpuLaunch.OnGpu(w)) return GpuCompute.Conv2d(this, x, w, g, outShape);
        return Dispatch.Float<Tensor, ConvFn>(x.DType, new(this, 0, x, w, g, outShape), "Conv2d");
    }

    /// <inheritdoc/>
    public Tensor Conv2dBackwardInput(Tensor gradOut, Tensor w, Shape inputShape, Conv2dGeometry g)
    {
        if (GpuLaunch.OnGpu(gradOut) || GpuLaunch.OnGpu(w)) return GpuCompute.Conv2dBackwardInput(this, gradOut, w, inputShape, g);
        return Dispatch.Float<Tensor, ConvFn>(gradOut.DType, new(this, 1, gradOut, w, g, inputShape), "Conv2dBackwardInput");
    }

    /// <inheritdoc/>
    public Tensor Conv2dBackwardWeight(Tensor x, Tensor gradOut, Shape weightShape, Conv2dGeometry g)
    {
        if (GpuLaunch.OnGpu(x) || GpuLaunch.OnGpu(gradOut)) return GpuCompute.Conv2dBackwardWeight(this, x, gradOut, weightShape, g);
        return Dispatch.Float<Tensor, ConvFn>(x.DType, new(this, 2, x, gradOut, g, weightShape), "Conv2dBackwardWeight");
    }

    // Kind 0: forward (X = x, Y = w); 1: input gradient (X = gradOut, Y = w); 2: weight gradient (X = x, Y = gradOut).
    private readonly record struct ConvFn(NativeBackend B, int Kind, Tensor X, Tensor Y, Conv2dGeometry G, Shape Out) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var r = Kind switch
            {
                0 => ConvKernels.Forward(NativeTensors.Data<T>(X), X.Shape, NativeTensors.Data<T>(Y), Y.Shape, G, Out),
                1 => ConvKernels.BackwardInput(NativeTensors.Data<T>(X), X.Shape, NativeTensors.Data<T>(Y), Y.Shape, G, Out),
                _ => ConvKernels.BackwardWeight(NativeTensors.Data<T>(X), X.Shape, NativeTensors.Data<T>(Y), Y.Shape, G, Out),
            };
            return NativeTensors.Wrap(B, r, Out);
        }
    }
}
