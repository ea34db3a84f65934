using System.Numerics;
using KerasSharp.Backends.Native.Gpu;

namespace KerasSharp.Backends.Native;

public sealed partial class NativeBackend : IFusedLossKernels
{
    /// <inheritdoc/>
    public Tensor SparseSoftmaxCrossEntropy(Tensor logits, Tensor labels) =>
        GpuLaunch.OnGpu(logits) ? GpuCompute.CrossEntropy(this, logits, labels) :
        Dispatch.Float<Tensor, CrossEntropyFn>(logits.DType, new(this, logits, labels), "SparseSoftmaxCrossEntropy");

    /// <inheritdoc/>
    public Tensor SparseSoftmaxCrossEntropyGrad(Tensor logits, Tensor labels, Tensor gradLoss) =>
        GpuLaunch.OnGpu(logits) ? GpuCompute.CrossEntropyGrad(this, logits, labels, gradLoss) :
        Dispatch.Float<Tensor, CrossEntropyGradFn>(logits.DType, new(this, logits, labels, gradLoss), "SparseSoftmaxCrossEntropyGrad");

    private readonly record struct CrossEntropyGradFn(NativeBackend B, Tensor Logits, Tensor Labels, Tensor G) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            int rows = Logits.Shape[0], classes = Logits.Shape[1];
            var d = CrossEntropyKernel.Gradient(NativeTensors.Data<T>(Logits), NativeTensors.Data<long>(Labels), NativeTensors.Data<T>(G), rows, classes);
            return NativeTensors.Wrap(B, d, Logits.Shape);
        }
    }

    private readonly record struct CrossEntropyFn(NativeBackend B, Tensor Logits, Tensor Labels) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            int rows = Logits.Shape[0], classes = Logits.Shape[1];
            var loss = CrossEntropyKernel.Run(NativeTensors.Data<T>(Logits), NativeTensors.Data<long>(Labels), rows, classes);
            return NativeTensors.Wrap(B, loss, new Shape(rows));
        }
    }
}
