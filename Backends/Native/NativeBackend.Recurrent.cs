using System.Numerics;
using KerasSharp.Backends.Native.Gpu;

namespace KerasSharp.Backends.Native;

public sealed partial class NativeBackend : IFusedRecurrentKernels
{
    /// <inheritdoc/>
    /// <remarks>
    /// In float32 and float64: always on the CPU; on a GPU (cuda:N, emulated) when every tensor is on the inputs' device
    /// and the buffers fit the kernels' int indices (<see cref="GpuRecurrent"/>).
    /// </remarks>
    public bool CanFuseRecurrence(RecurrenceArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Inputs.DType is not (DType.Float32 or DType.Float64)) return false;
        return args.Inputs.Device.Type == DeviceType.Cpu || GpuRecurrent.CanRun(args);
    }

    /// <inheritdoc/>
    /// <remarks>Saved: a tensor holding the gate activations and the states h and c of every step (when a tape records).</remarks>
    public (Tensor Packed, object? Saved) Recurrence(RecurrenceArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (GpuLaunch.OnGpu(args.Inputs)) return GpuRecurrent.Forward(this, args);
        var (packed, saved) = Dispatch.Float<(Tensor, Tensor), RecurrenceFn>(args.Inputs.DType, new(this, args), "Recurrence");
        return (packed, saved);
    }

    /// <inheritdoc/>
    public Tensor?[] RecurrenceBackward(RecurrenceArgs args, Tensor packed, object? saved, Tensor gradPacked, IReadOnlyList<bool> needed)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(needed);
        if (saved is not Tensor states) throw new ArgumentException("native recurrence backward: the forward pass's saved states are missing.", nameof(saved));
        if (GpuLaunch.OnGpu(args.Inputs)) return GpuRecurrent.Backward(this, args, states, gradPacked, needed);
        var grads = Dispatch.Float<Tensor?[], RecurrenceGradFn>(args.Inputs.DType, new(this, args, states, gradPacked, needed), "RecurrenceBackward");
        // the cheap ones (biases, initial states) are computed anyway: drop those the tape does not want
        for (int i = 0; i < grads.Length; i++)
            if (!needed[i] && grads[i] is { } g) { g.Dispose(); grads[i] = null; }
        return grads;
    }

    /// <inheritdoc/>
    public void ReleaseRecurrence(object? saved) => (saved as Tensor)?.Dispose();

    private static RecurrentKernel.Dims DimsOf(RecurrenceArgs a) =>
        new(a.Inputs.Shape[0], a.Inputs.Shape[1], a.Inputs.Shape[2], a.RecurrentKernel.Shape[0], a.RecurrentKernel.Shape[1] / a.RecurrentKernel.Shape[0], a.Options);

    private static T[]? DataOrNull<T>(Tensor? t) where T : unmanaged => t is null ? null : NativeTensors.Data<T>(t);

    private readonly record struct RecurrenceFn(NativeBackend B, RecurrenceArgs A) : IFloatFn<(Tensor, Tensor)>
    {
        public (Tensor, Tensor) Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var d = DimsOf(A) with { Rolling = !A.Recording };
            var (packed, saved) = RecurrentKernel.Forward(d, NativeTensors.Data<T>(A.Inputs), NativeTensors.Data<T>(A.Kernel), DataOrNull<T>(A.Bias),
                                                          NativeTensors.Data<T>(A.RecurrentKernel), DataOrNull<T>(A.RecurrentBias),
                                                          NativeTensors.Data<T>(A.H0), DataOrNull<T>(A.C0), DataOrNull<bool>(A.Mask));
            return (NativeTensors.Wrap(B, packed, new Shape(d.B, d.Rows, d.U)), NativeTensors.Wrap(B, saved, new Shape(d.SavedLength)));
        }
    }

    private readonly record struct RecurrenceGradFn(NativeBackend B, RecurrenceArgs A, Tensor Saved, Tensor Grad, IReadOnlyList<bool> Needed) : IFloatFn<Tensor?[]>
    {
        public Tensor?[] Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var d = DimsOf(A);
            // Differentiable order: inputs, kernel, ...: the two big products are skipped when not wanted
            var (dIn, dK, dB, dR, dRb, dH0, dC0) = RecurrentKernel.Backward(d, NativeTensors.Data<T>(A.Inputs), NativeTensors.Data<T>(A.Kernel), A.Bias is not null,
                                                                         NativeTensors.Data<T>(A.RecurrentKernel), A.RecurrentBias is not null,
                                                                         DataOrNull<bool>(A.Mask), NativeTensors.Data<T>(Saved), NativeTensors.Data<T>(Grad),
                                                                         needInputs: Needed[0], needKernel: Needed[1]);
            var grads = new List<Tensor?> { dIn is null ? null : NativeTensors.Wrap(B, dIn, A.Inputs.Shape), dK is null ? null : NativeTensors.Wrap(B, dK, A.Kernel.Shape) };
            if (dB is not null) grads.Add(NativeTensors.Wrap(B, dB, A.Bias!.Shape));
            grads.Add(NativeTensors.Wrap(B, dR, A.RecurrentKernel.Shape));
            if (dRb is not null) grads.Add(NativeTensors.Wrap(B, dRb, A.RecurrentBias!.Shape));
            grads.Add(NativeTensors.Wrap(B, dH0, A.H0.Shape));
            if (dC0 is not null) grads.Add(NativeTensors.Wrap(B, dC0, A.C0!.Shape));
            return [.. grads];
        }
    }
}
