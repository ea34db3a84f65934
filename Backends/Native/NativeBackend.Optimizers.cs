using System.Numerics;
using KerasSharp.Backends.Native.Gpu;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

public sealed partial class NativeBackend : IFusedOptimizerKernels
{
    /// <summary>Elements per chunk of a parallel update: below this, one thread streams faster than two.</summary>
    private const int UpdateGrain = 32 * 1024;

    /// <inheritdoc/>
    public (Tensor Value, Tensor Momentum, Tensor Velocity) AdamStep(Tensor value, Tensor gradient, Tensor momentum, Tensor velocity,
                                                                     AdamCoefficients coefficients) =>
        GpuLaunch.OnGpu(value) ? GpuCompute.AdamStep(this, value, gradient, momentum, velocity, coefficients) :
        Dispatch.Float<(Tensor, Tensor, Tensor), AdamFn>(value.DType, new(this, value, gradient, momentum, velocity, coefficients), "AdamStep");

    /// <inheritdoc/>
    public Tensor SgdStep(Tensor value, Tensor gradient, double learningRate) =>
        GpuLaunch.OnGpu(value) ? GpuCompute.SgdStep(this, value, gradient, learningRate) :
        Dispatch.Float<Tensor, SgdFn>(value.DType, new(this, value, gradient, learningRate), "SgdStep");

    private readonly record struct SgdFn(NativeBackend B, Tensor W, Tensor G, double Rate) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            T[] w = NativeTensors.Data<T>(W), g = NativeTensors.Data<T>(G);
            int n = W.Shape.Size;
            T[] wOut = NativeTensors.Alloc<T>(n);
            T rate = T.CreateChecked(Rate);
            NativeParallel.For(n, UpdateGrain, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end) =>
            {
                int i = start;
                if (Vector.IsHardwareAccelerated)
                {
                    var vRate = new Vector<T>(rate);
                    for (; i <= end - Vector<T>.Count; i += Vector<T>.Count)
                        (new Vector<T>(w, i) - new Vector<T>(g, i) * vRate).CopyTo(wOut, i);
                }
                for (; i < end; i++) wOut[i] = w[i] - g[i] * rate;
            });
            return NativeTensors.Wrap(B, wOut, W.Shape);
        }
    }

    private readonly record struct AdamFn(NativeBackend B, Tensor W, Tensor G, Tensor M, Tensor V, AdamCoefficients C)
        : IFloatFn<(Tensor, Tensor, Tensor)>
    {
        public (Tensor, Tensor, Tensor) Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            T[] w = NativeTensors.Data<T>(W), g = NativeTensors.Data<T>(G), m = NativeTensors.Data<T>(M), v = NativeTensors.Data<T>(V);
            int n = W.Shape.Size;
            T[] wOut = NativeTensors.Alloc<T>(n), mOut = NativeTensors.Alloc<T>(n), vOut = NativeTensors.Alloc<T>(n);
            var c = C;
            NativeParallel.For(n, UpdateGrain, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end) =>
            {
                int len = end - start;
                AdamKernel.Run<T>(w.AsSpan(start, len), g.AsSpan(start, len), m.AsSpan(start, len), v.AsSpan(start, len),
                                  wOut.AsSpan(start, len), mOut.AsSpan(start, len), vOut.AsSpan(start, len), c);
            });
            return (NativeTensors.Wrap(B, wOut, W.Shape), NativeTensors.Wrap(B, mOut, W.Shape), NativeTensors.Wrap(B, vOut, W.Shape));
        }
    }
}
