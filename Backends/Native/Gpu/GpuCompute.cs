using KerasSharp.Backends;
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using KerasSharp.Backends.Native.Gpu.Kernels;

namespace KerasSharp.Backends.Native.Gpu;

/// <summary>
/// The backend ops that run gpu-b's compute kernels (<see cref="Kernels"/>) on device storage: matmul through
/// <see cref="GpuGemm"/> (cuBLAS on CUDA), conv2d and its gradients, pooling, gather and scatter-add, the fused
/// Adam and SGD steps and the fused sparse cross-entropy. Scratch and outputs come from the caching allocator.
/// </summary>
internal static class GpuCompute
{
    private static AcceleratorStream Stream(GpuDevice d) => d.Accelerator.DefaultStream;

    public static Tensor MatMul(NativeBackend b, Tensor a, Tensor bt, bool transA, bool transB, Shape outShape) =>
        Dispatch.Float<Tensor, MatMulFn>(a.DType, new(b, a, bt, transA, transB, outShape), "MatMul");

    private readonly record struct MatMulFn(NativeBackend B, Tensor A, Tensor Bt, bool TA, bool TB, Shape Out) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var device = GpuLaunch.DeviceOf("MatMul", A, Bt);
            int m = Out[-2], n = Out[-1], k = TA ? A.Shape[-2] : A.Shape[-1];
            int batch = Out.Size / Math.Max(1, m * n);
            if (m * n == 0) batch = 0;
            var (result, c) = GpuLaunch.New<T>(B, device, Out);
            var batchShape = new Shape(Out.Dims[..^2]);
            var (a, strideA, ownA) = Operand(B, A, batchShape, (long)m * k);
            var (bm, strideB, ownB) = Operand(B, Bt, batchShape, (long)k * n);
            try
            {
                GpuGemm.Run(Stream(device), batch, m, n, k, a, strideA, TA, bm, strideB, TB, c.ViewAs<T>(), (long)m * n);
            }
            finally
            {
                ownA?.Dispose();
                ownB?.Dispose();
            }
            return result;

            static (ArrayView<T> View, long Stride, Tensor? Owned) Operand(NativeBackend backend, Tensor x, Shape batchShape, long matrix)
            {
                int xBatch = x.Size / (int)Math.Max(1, matrix);
                if (x.Rank == 2 || xBatch == 1) return (GpuLaunch.Of(x).ViewAs<T>(), 0, null);
                if (xBatch == batchShape.Size) return (GpuLaunch.Of(x).ViewAs<T>(), matrix, null);
                // batch dims broadcast partly: materialise the full batch
                var full = GpuLayout.BroadcastTo(backend, x, new Shape([.. batchShape.Dims, x.Shape[-2], x.Shape[-1]]));
                return (GpuLaunch.Of(full).ViewAs<T>(), matrix, full);
            }
        }
    }

    private static Tensor Scratch<T>(NativeBackend b, GpuDevice device, long length) where T : unmanaged =>
        GpuLaunch.New<T>(b, device, new Shape(checked((int)Math.Max(1, length)))).Tensor;

    public static Tensor Conv2d(NativeBackend b, Tensor x, Tensor w, Conv2dGeometry g, Shape outShape) =>
        Dispatch.Float<Tensor, ConvFn>(x.DType, new(b, 0, x, w, g, outShape), "Conv2d");

    public static Tensor Conv2dBackwardInput(NativeBackend b, Tensor gradOut, Tensor w, Shape inputShape, Conv2dGeometry g) =>
        Dispatch.Float<Tensor, ConvFn>(gradOut.DType, new(b, 1, gradOut, w, g, inputShape), "Conv2dBackwardInput");

    public static Tensor Conv2dBackwardWeight(NativeBackend b, Tensor x, Tensor gradOut, Shape weightShape, Conv2dGeometry g) =>
        Dispatch.Float<Tensor, ConvFn>(x.DType, new(b, 2, x, gradOut, g, weightShape), "Conv2dBackwardWeight");

    // Which: 0 forward (P = x, Q = w), 1 input gradient (P = dy, Q = w), 2 weight gradient (P = x, Q = dy). Out: the result's shape.
    private readonly record struct ConvFn(NativeBackend B, int Which, Tensor P, Tensor Q, Conv2dGeometry G, Shape Out) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var device = GpuLaunch.DeviceOf(Which == 0 ? "Conv2d" : Which == 1 ? "Conv2dBackwardInput" : "Conv2dBackwardWeight", P, Q);
            var input = Which == 1 ? Out : P.Shape;
            int outChannels = Which == 0 ? Q.Shape[0] : Which == 1 ? Q.Shape[0] : Out[0];
            var s = ConvShape.Of(input[0], input[1], input[2], input[3], outChannels, G);
            var (result, r) = GpuLaunch.New<T>(B, device, Out);
            long scratchLength = Which == 0 ? GpuConv2d.ForwardScratch(s) : Which == 1 ? GpuConv2d.BackwardInputScratch(s) : GpuConv2d.BackwardWeightScratch(s);
            using var scratch = Scratch<T>(B, device, scratchLength);
            var sv = GpuLaunch.Of(scratch).ViewAs<T>();
            var p = GpuLaunch.Of(P).ViewAs<T>();
            var q = GpuLaunch.Of(Q).ViewAs<T>();
            if (Which == 0) GpuConv2d.Forward(Stream(device), p, q, r.ViewAs<T>(), s, sv);
            else if (Which == 1) GpuConv2d.BackwardInput(Stream(device), p, q, r.ViewAs<T>(), s, sv);
            else GpuConv2d.BackwardWeight(Stream(device), p, q, r.ViewAs<T>(), s, sv);
            return result;
        }
    }

    public static Tensor Pool2d(NativeBackend b, PoolOp op, Tensor x, Conv2dGeometry g, Shape outShape) =>
        Dispatch.Float<Tensor, PoolFn>(x.DType, new(b, op, x, null, g, outShape), "Pool2d");

    public static Tensor Pool2dBackward(NativeBackend b, PoolOp op, Tensor x, Tensor gradOut, Conv2dGeometry g) =>
        Dispatch.Float<Tensor, PoolFn>(x.DType, new(b, op, x, gradOut, g, x.Shape), "Pool2dBackward");

    private readonly record struct PoolFn(NativeBackend B, PoolOp Op, Tensor X, Tensor? Dy, Conv2dGeometry G, Shape Out) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var device = Dy is null ? GpuLaunch.DeviceOf("Pool2d", X) : GpuLaunch.DeviceOf("Pool2dBackward", X, Dy);
            var s = ConvShape.Of(X.Shape[0], X.Shape[1], X.Shape[2], X.Shape[3], X.Shape[1], G) with { Groups = 1 };
            var (result, r) = GpuLaunch.New<T>(B, device, Out);
            if (Dy is null) GpuPool2d.Forward(Stream(device), Op, GpuLaunch.Of(X).ViewAs<T>(), r.ViewAs<T>(), s);
            else GpuPool2d.Backward(Stream(device), Op, GpuLaunch.Of(X).ViewAs<T>(), GpuLaunch.Of(Dy).ViewAs<T>(), r.ViewAs<T>(), s);
            return result;
        }
    }

    /// <summary>A zeroed int on the device for a kernel's error flag.</summary>
    private static Tensor ErrorFlag(NativeBackend b, GpuDevice device) => GpuCreation.Full(b, device, new Shape(1), 0);


    public static Tensor Gather(NativeBackend b, Tensor x, Tensor indices, int axis, Shape outShape) =>
        StoredDispatch.Run<Tensor, GatherFn>(x.DType, new(b, x, indices, axis, outShape));

    private readonly record struct GatherFn(NativeBackend B, Tensor X, Tensor I, int Axis, Shape Out) : IAnyFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged
        {
            var device = GpuLaunch.DeviceOf("Gather", X, I);
            var (outer, n, inner) = NativeBackend.AxisView(X.Shape, Axis);
            var (result, y) = GpuLaunch.New(B, device, Out, X.DType);
            var flag = ErrorFlag(B, device);
            var err = GpuLaunch.Of(flag).ViewAs<int>();
            var x = GpuLaunch.Of(X).ViewAs<T>();
            if (I.DType == DType.Int64)
                GpuIndexing.Gather<T, long, Int64Index>(Stream(device), x, GpuLaunch.Of(I).ViewAs<long>(), y.ViewAs<T>(), outer, n, inner, I.Size, err);
            else if (I.DType == DType.Int32)
                GpuIndexing.Gather<T, int, Int32Index>(Stream(device), x, GpuLaunch.Of(I).ViewAs<int>(), y.ViewAs<T>(), outer, n, inner, I.Size, err);
            else { result.Dispose(); flag.Dispose(); throw new NotSupportedException($"Gather: indices must be int32 or int64, got {I.DType.Name()}."); }
            CheckIndices(flag, n, Axis, "Gather");
            return result;
        }
    }

    // The kernel's flag (0, or 1 + the largest offending position) is checked at the next read back to the host, so the
    // step does not wait for the kernel; an out-of-range index reads or adds nothing meanwhile.
    private static void CheckIndices(Tensor flag, int size, int axis, string op) =>
        DeferredChecks.Add(flag, 0, bad =>
            new IndexOutOfRangeException($"{op}: index at position {bad - 1} of the indices is out of range for axis {axis} of size {size}."));

    public static Tensor ScatterAdd(NativeBackend b, Tensor target, Tensor indices, Tensor updates, int axis) =>
        target.DType switch
        {
            DType.Float32 => Scatter<float>(b, target, indices, updates, axis),
            DType.Float64 => Scatter<double>(b, target, indices, updates, axis),
            DType.Int32 => Scatter<int>(b, target, indices, updates, axis),
            DType.Int64 => Scatter<long>(b, target, indices, updates, axis),
            DType.UInt8 or DType.Bool => ScatterWidened(b, target, indices, updates, axis),
            _ => throw GpuGuard.NotOnGpu($"ScatterAdd of {target.DType.Name()}", target.Device),
        };

    // Device atomics add 32-bit words: bytes and bools go through int32 and back. A uint8 sum wraps modulo 256 on the
    // way back, as the CPU's byte addition does; a bool sum is true where any addend is (the CPU's OR).
    private static Tensor ScatterWidened(NativeBackend b, Tensor target, Tensor indices, Tensor updates, int axis)
    {
        using var t = b.Cast(target, DType.Int32);
        using var u = b.Cast(updates, DType.Int32);
        using var sum = Scatter<int>(b, t, indices, u, axis);
        return b.Cast(sum, target.DType);
    }

    private static Tensor Scatter<T>(NativeBackend b, Tensor target, Tensor indices, Tensor updates, int axis) where T : unmanaged
    {
        var device = GpuLaunch.DeviceOf("ScatterAdd", target, indices, updates);
        var (outer, n, inner) = NativeBackend.AxisView(target.Shape, axis);
        var result = GpuLayout.Copy(b, target);
        var flag = ErrorFlag(b, device);
        var err = GpuLaunch.Of(flag).ViewAs<int>();
        var t = GpuLaunch.Of(result).ViewAs<T>();
        var u = GpuLaunch.Of(updates).ViewAs<T>();
        if (indices.DType == DType.Int64)
            GpuIndexing.ScatterAdd<T, long, Int64Index>(Stream(device), t, GpuLaunch.Of(indices).ViewAs<long>(), u, outer, n, inner, indices.Size, err);
        else if (indices.DType == DType.Int32)
            GpuIndexing.ScatterAdd<T, int, Int32Index>(Stream(device), t, GpuLaunch.Of(indices).ViewAs<int>(), u, outer, n, inner, indices.Size, err);
        else { result.Dispose(); flag.Dispose(); throw new NotSupportedException($"ScatterAdd: indices must be int32 or int64, got {indices.DType.Name()}."); }
        CheckIndices(flag, n, axis, "ScatterAdd");
        return result;
    }

    public static (Tensor, Tensor, Tensor) AdamStep(NativeBackend b, Tensor w, Tensor g, Tensor m, Tensor v, AdamCoefficients c) =>
        Dispatch.Float<(Tensor, Tensor, Tensor), AdamFn>(w.DType, new(b, w, g, m, v, c), "AdamStep");

    private readonly record struct AdamFn(NativeBackend B, Tensor W, Tensor G, Tensor M, Tensor V, AdamCoefficients C) : IFloatFn<(Tensor, Tensor, Tensor)>
    {
        public (Tensor, Tensor, Tensor) Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var device = GpuLaunch.DeviceOf("AdamStep", W, G, M, V);
            var (w, wo) = GpuLaunch.New<T>(B, device, W.Shape);
            var (m, mo) = GpuLaunch.New<T>(B, device, W.Shape);
            var (v, vo) = GpuLaunch.New<T>(B, device, W.Shape);
            GpuOptimizers.AdamStep(Stream(device), W.Size, GpuLaunch.Of(W).ViewAs<T>(), GpuLaunch.Of(G).ViewAs<T>(), GpuLaunch.Of(M).ViewAs<T>(),
                GpuLaunch.Of(V).ViewAs<T>(), wo.ViewAs<T>(), mo.ViewAs<T>(), vo.ViewAs<T>(), C);
            return (w, m, v);
        }
    }

    public static Tensor SgdStep(NativeBackend b, Tensor w, Tensor g, double rate) =>
        Dispatch.Float<Tensor, SgdFn>(w.DType, new(b, w, g, rate), "SgdStep");

    private readonly record struct SgdFn(NativeBackend B, Tensor W, Tensor G, double Rate) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var device = GpuLaunch.DeviceOf("SgdStep", W, G);
            var (w, wo) = GpuLaunch.New<T>(B, device, W.Shape);
            GpuOptimizers.SgdStep(Stream(device), W.Size, GpuLaunch.Of(W).ViewAs<T>(), GpuLaunch.Of(G).ViewAs<T>(), wo.ViewAs<T>(), Rate);
            return w;
        }
    }

    public static Tensor CrossEntropy(NativeBackend b, Tensor logits, Tensor labels) =>
        Dispatch.Float<Tensor, CrossEntropyFn>(logits.DType, new(b, logits, labels, null), "SparseSoftmaxCrossEntropy");

    public static Tensor CrossEntropyGrad(NativeBackend b, Tensor logits, Tensor labels, Tensor gradLoss) =>
        Dispatch.Float<Tensor, CrossEntropyFn>(logits.DType, new(b, logits, labels, gradLoss), "SparseSoftmaxCrossEntropyGrad");

    private readonly record struct CrossEntropyFn(NativeBackend B, Tensor Logits, Tensor Labels, Tensor? G) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var device = G is null ? GpuLaunch.DeviceOf("SparseSoftmaxCrossEntropy", Logits, Labels) : GpuLaunch.DeviceOf("SparseSoftmaxCrossEntropyGrad", Logits, Labels, G);
            int rows = Logits.Shape[0], classes = Logits.Shape[1];
            var logits = GpuLaunch.Of(Logits).ViewAs<T>();
            var labels = GpuLaunch.Of(Labels).ViewAs<long>();
            if (G is not null)
            {
                var (d, dv) = GpuLaunch.New<T>(B, device, Logits.Shape);
                GpuCrossEntropy.Gradient(Stream(device), logits, labels, GpuLaunch.Of(G).ViewAs<T>(), dv.ViewAs<T>(), rows, classes);
                return d;
            }
            var (loss, lv) = GpuLaunch.New<T>(B, device, new Shape(rows));
            var flag = ErrorFlag(B, device);
            GpuCrossEntropy.Forward(Stream(device), logits, labels, lv.ViewAs<T>(), rows, classes, GpuLaunch.Of(flag).ViewAs<int>());
            // Checked at the next read back to the host, so the training step does not wait for the kernel.
            var shape = Logits.Shape;
            DeferredChecks.Add(flag, 0, bad => new IndexOutOfRangeException(
                $"SparseSoftmaxCrossEntropy: the label of row {bad - 1} is outside [0, {classes}) (logits {shape}); labels must be class indices."));
            return loss;
        }
    }
}
