using System.Numerics;
using ILGPU;
using KerasSharp.Backends.Native.Gpu.Kernels;

namespace KerasSharp.Backends.Native.Gpu;

/// <summary>
/// The native backend's <see cref="IFusedAttentionKernels"/> on a GPU: the tensors' device views handed to
/// <see cref="GpuAttention"/>, outputs and scratch from the caching allocator. The kernels hold one [sq, sk] score
/// matrix per batch·head (two in the backward pass), so a batch whose matrices exceed <see cref="ScratchBudget"/>
/// runs as several launches over consecutive batch·heads. Saved is each query row's log-sum-exp [n, sq], as on the CPU.
/// </summary>
internal static class GpuFusedAttention
{
    /// <summary>Elements of one scratch score buffer (256 MiB of float32); at least one batch·head's matrix is always taken.</summary>
    internal static long ScratchBudget { get; set; } = 1L << 26;

    public static (Tensor Output, Tensor Saved) Forward(NativeBackend b, Tensor q, Tensor k, Tensor v, Tensor? mask, AttentionOptions options) =>
        Dispatch.Float<(Tensor, Tensor), ForwardFn>(q.DType, new(b, q, k, v, mask, options), "Attention");

    public static (Tensor Query, Tensor Key, Tensor Value) Backward(NativeBackend b, Tensor q, Tensor k, Tensor v, Tensor? mask, AttentionOptions options,
                                                                   Tensor output, Tensor saved, Tensor gradOutput) =>
        Dispatch.Float<(Tensor, Tensor, Tensor), BackwardFn>(q.DType, new(b, q, k, v, mask, options, output, saved, gradOutput), "AttentionBackward");

    private readonly record struct ForwardFn(NativeBackend B, Tensor Q, Tensor K, Tensor V, Tensor? Mask, AttentionOptions Options) : IFloatFn<(Tensor, Tensor)>
    {
        public (Tensor, Tensor) Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var device = Mask is null ? GpuLaunch.DeviceOf("Attention", Q, K, V) : GpuLaunch.DeviceOf("Attention", Q, K, V, Mask);
            var call = Call.Of<T>(Q, K, V, Mask, Options);
            var (output, o) = GpuLaunch.New<T>(B, device, new Shape(call.N, call.Sq, call.Dv));
            var (lse, l) = GpuLaunch.New<T>(B, device, new Shape(call.N, call.Sq));
            using var scores = Scratch<T>(B, device, call);
            var stream = device.Accelerator.DefaultStream;
            foreach (var (a, x) in call.Launches(Q, K, V, Mask))
                GpuAttention.Forward(stream, a, call.Scale, call.KeepScale, x,
                    o.ViewAs<T>().SubView((long)a.Batch0 * a.Sq * a.Dv), l.ViewAs<T>().SubView((long)a.Batch0 * a.Sq), View<T>(scores));
            return (output, lse);
        }
    }

    private readonly record struct BackwardFn(NativeBackend B, Tensor Q, Tensor K, Tensor V, Tensor? Mask, AttentionOptions Options,
                                              Tensor Output, Tensor Saved, Tensor Grad) : IFloatFn<(Tensor, Tensor, Tensor)>
    {
        public (Tensor, Tensor, Tensor) Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var device = Mask is null ? GpuLaunch.DeviceOf("AttentionBackward", Q, K, V, Output, Saved, Grad)
                                      : GpuLaunch.DeviceOf("AttentionBackward", Q, K, V, Output, Saved, Grad, Mask);
            var call = Call.Of<T>(Q, K, V, Mask, Options);
            var (dq, dqs) = GpuLaunch.New<T>(B, device, Q.Shape);
            var (dk, dks) = GpuLaunch.New<T>(B, device, K.Shape);
            var (dv, dvs) = GpuLaunch.New<T>(B, device, V.Shape);
            using var scores = Scratch<T>(B, device, call);
            using var work = Scratch<T>(B, device, call);
            var stream = device.Accelerator.DefaultStream;
            var (o, l, g) = (GpuLaunch.Of(Output).ViewAs<T>(), GpuLaunch.Of(Saved).ViewAs<T>(), GpuLaunch.Of(Grad).ViewAs<T>());
            foreach (var (a, x) in call.Launches(Q, K, V, Mask))
            {
                long rows = (long)a.Batch0 * a.Sq, keys = (long)a.Batch0 * a.Sk;
                GpuAttention.Backward(stream, a, call.Scale, call.KeepScale, x, o.SubView(rows * a.Dv), l.SubView(rows), g.SubView(rows * a.Dv),
                    dqs.ViewAs<T>().SubView(rows * a.D), dks.ViewAs<T>().SubView(keys * a.D), dvs.ViewAs<T>().SubView(keys * a.Dv),
                    View<T>(scores), View<T>(work));
            }
            return (dq, dk, dv);
        }
    }

    /// <summary>One scratch score buffer for the largest launch of <paramref name="call"/>.</summary>
    private static Tensor Scratch<T>(NativeBackend b, GpuDevice device, Call<T> call) where T : unmanaged =>
        GpuLaunch.New<T>(b, device, new Shape(LaunchShape.Elements((long)call.PerLaunch * call.Sq * call.Sk, "Attention"))).Tensor;

    private static ArrayView<T> View<T>(Tensor scratch) where T : unmanaged => GpuLaunch.Of(scratch).ViewAs<T>();

    private static class Call
    {
        public static Call<T> Of<T>(Tensor q, Tensor k, Tensor v, Tensor? mask, AttentionOptions options) where T : unmanaged, IFloatingPointIeee754<T>
        {
            int n = q.Shape[0], sq = q.Shape[1], sk = k.Shape[1];
            long matrix = Math.Max(1L, (long)sq * sk);
            int perLaunch = (int)Math.Clamp(ScratchBudget / matrix, 1, Math.Max(1, n));
            int maskKind = mask is null ? AttentionDims.NoMask : mask.DType == DType.Bool ? AttentionDims.BoolMask : AttentionDims.FloatMask;
            var dims = AttentionDims.Of(n, sq, sk, q.Shape[2], v.Shape[2], maskKind, mask?.Shape[0] ?? 1, mask?.Shape[1] ?? 1, mask?.Shape[2] ?? 1, options);
            var (scale, keepScale) = GpuAttention.Scalars<T>(options);
            return new Call<T>(n, perLaunch, dims, scale, keepScale);
        }
    }

    /// <summary>One call's sizes and scalars, and its launches of at most <see cref="PerLaunch"/> batch·heads each.</summary>
    private sealed record Call<T>(int N, int PerLaunch, AttentionDims Dims, T Scale, T KeepScale) where T : unmanaged
    {
        public int Sq => Dims.Sq;
        public int Sk => Dims.Sk;
        public int Dv => Dims.Dv;

        /// <summary>Each launch's dims and input views, the views starting at its first batch·head (the mask is the call's).</summary>
        public IEnumerable<(AttentionDims Dims, AttentionInputs<T> Inputs)> Launches(Tensor q, Tensor k, Tensor v, Tensor? mask)
        {
            var (qv, kv, vv) = (GpuLaunch.Of(q).ViewAs<T>(), GpuLaunch.Of(k).ViewAs<T>(), GpuLaunch.Of(v).ViewAs<T>());
            // Without a mask of a kind, its view is one the kernels never read.
            var boolMask = mask is { DType: DType.Bool } ? GpuLaunch.Of(mask).ViewAs<byte>() : GpuLaunch.Of(q).ViewAs<byte>();
            var floatMask = mask is { DType: not DType.Bool } ? GpuLaunch.Of(mask).ViewAs<T>() : qv;
            for (int b0 = 0; b0 < N; b0 += PerLaunch)
            {
                var a = Dims with { N = Math.Min(PerLaunch, N - b0), Batch0 = b0 };
                yield return (a, new AttentionInputs<T>(qv.SubView((long)b0 * a.Sq * a.D), kv.SubView((long)b0 * a.Sk * a.D),
                                                        vv.SubView((long)b0 * a.Sk * a.Dv), boolMask, floatMask));
            }
        }
    }
}
