using System.Numerics;
using KerasSharp.Backends.Native.Gpu;

namespace KerasSharp.Backends.Native;

public sealed partial class NativeBackend : IFusedAttentionKernels
{
    /// <inheritdoc/>
    /// <remarks>Always for float32 and float64, on the CPU and on a GPU (cuda:N, emulated:N): both draw the dropout mask
    /// element by element from the same counter-based stream as <see cref="RandomBernoulli"/>.</remarks>
    public bool CanFuseAttention(AttentionOptions options, DType dtype, Device device) =>
        dtype.IsFloating() && (device.Type == DeviceType.Cpu || GpuDevice.IsGpuKind(device));

    /// <inheritdoc/>
    /// <remarks>Saved: each query row's log-sum-exp of its scores, [n, seqQ]. On a GPU the scores of a batch·head are
    /// held whole (see <see cref="GpuFusedAttention"/>); on the CPU one block at a time.</remarks>
    public (Tensor Output, Tensor? Saved) Attention(Tensor query, Tensor key, Tensor value, Tensor? mask, AttentionOptions options) =>
        GpuLaunch.OnGpu(query) ? GpuFusedAttention.Forward(this, query, key, value, mask, options) :
        Dispatch.Float<(Tensor, Tensor?), AttentionFn>(query.DType, new(this, query, key, value, mask, options), "Attention");

    /// <inheritdoc/>
    public (Tensor Query, Tensor Key, Tensor Value) AttentionBackward(Tensor query, Tensor key, Tensor value, Tensor? mask, AttentionOptions options,
                                                                      Tensor output, Tensor? saved, Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(saved, nameof(saved)); // the forward pass always returns the log-sum-exp
        if (GpuLaunch.OnGpu(query)) return GpuFusedAttention.Backward(this, query, key, value, mask, options, output, saved, gradOutput);
        return Dispatch.Float<(Tensor, Tensor, Tensor), AttentionGradFn>(query.DType,
            new(this, query, key, value, mask, options, output, saved, gradOutput), "AttentionBackward");
    }

    private readonly record struct AttentionFn(NativeBackend B, Tensor Q, Tensor K, Tensor V, Tensor? Mask, AttentionOptions Options)
        : IFloatFn<(Tensor, Tensor?)>
    {
        public (Tensor, Tensor?) Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var p = new AttentionProblem<T>(Q, K, V, Mask, Options);
            var (output, lse) = AttentionForwardKernel.Run(p);
            return (NativeTensors.Wrap(B, output, new Shape(p.N, p.Sq, p.Dv)), NativeTensors.Wrap(B, lse, new Shape(p.N, p.Sq)));
        }
    }

    private readonly record struct AttentionGradFn(NativeBackend B, Tensor Q, Tensor K, Tensor V, Tensor? Mask, AttentionOptions Options,
                                                   Tensor Output, Tensor Saved, Tensor Grad) : IFloatFn<(Tensor, Tensor, Tensor)>
    {
        public (Tensor, Tensor, Tensor) Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var p = new AttentionProblem<T>(Q, K, V, Mask, Options);
            var (dq, dk, dv) = AttentionBackwardKernel.Run(p, NativeTensors.Data<T>(Output), NativeTensors.Data<T>(Saved), NativeTensors.Data<T>(Grad));
            return (NativeTensors.Wrap(B, dq, Q.Shape), NativeTensors.Wrap(B, dk, K.Shape), NativeTensors.Wrap(B, dv, V.Shape));
        }
    }
}
