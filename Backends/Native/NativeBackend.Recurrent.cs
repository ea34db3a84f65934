using System.Numerics;

namespace KerasSharp.Backends.Native;

public sealed partial class NativeBackend : IFusedRecurrentKernels
{
    /// <inheritdoc/>
    /// <remarks>Always, on the CPU, in float32 and float64.</remarks>
    public bool CanFuseRecurrence(RecurrenceOptions options, DType dtype, Device device) =>
        device.Type == DeviceType.Cpu && dtype is DType.Float32 or DType.Float64;

    /// <inheritdoc/>
    /// <remarks>Saved: the gate activations and the states h and c of every step, one flat buffer.</remarks>
    public (Tensor Packed, Tensor? Saved) Recurrence(Tensor inputs, Tensor recurrentKernel, Tensor? recurrentBias, Tensor h0, Tensor? c0,
                                                     Tensor? mask, RecurrenceOptions options) =>
        Dispatch.Float<(Tensor, Tensor?), RecurrenceFn>(inputs.DType, new(this, inputs, recurrentKernel, recurrentBias, h0, c0, mask, options), "Recurrence");

    /// <inheritdoc/>
    public (Tensor Inputs, Tensor RecurrentKernel, Tensor? RecurrentBias, Tensor H0, Tensor? C0) RecurrenceBackward(
        Tensor inputs, Tensor recurrentKernel, Tensor? recurrentBias, Tensor h0, Tensor? c0, Tensor? mask, RecurrenceOptions options,
        Tensor packed, Tensor? saved, Tensor gradPacked)
    {
        ArgumentNullException.ThrowIfNull(saved, nameof(saved)); // the forward pass always returns its saved states
        return Dispatch.Float<(Tensor, Tensor, Tensor?, Tensor, Tensor?), RecurrenceGradFn>(inputs.DType,
            new(this, inputs, recurrentKernel, recurrentBias, c0, mask, options, saved, gradPacked), "RecurrenceBackward");
    }

    private static RecurrentKernel.Dims DimsOf(Tensor inputs, Tensor kernel, RecurrenceOptions options) =>
        new(inputs.Shape[0], inputs.Shape[1], kernel.Shape[0], kernel.Shape[1] / kernel.Shape[0], options);

    private readonly record struct RecurrenceFn(NativeBackend B, Tensor X, Tensor R, Tensor? Rb, Tensor H0, Tensor? C0, Tensor? Mask, RecurrenceOptions O)
        : IFloatFn<(Tensor, Tensor?)>
    {
        public (Tensor, Tensor?) Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var d = DimsOf(X, R, O);
            var (packed, saved) = RecurrentKernel.Forward(d, NativeTensors.Data<T>(X), NativeTensors.Data<T>(R), Rb is null ? null : NativeTensors.Data<T>(Rb),
                                                          NativeTensors.Data<T>(H0), C0 is null ? null : NativeTensors.Data<T>(C0),
                                                          Mask is null ? null : NativeTensors.Data<bool>(Mask));
            return (NativeTensors.Wrap(B, packed, new Shape(d.B, d.Rows, d.U)), NativeTensors.Wrap(B, saved, new Shape(d.SavedLength)));
        }
    }

    private readonly record struct RecurrenceGradFn(NativeBackend B, Tensor X, Tensor R, Tensor? Rb, Tensor? C0, Tensor? Mask, RecurrenceOptions O,
                                                    Tensor Saved, Tensor Grad) : IFloatFn<(Tensor, Tensor, Tensor?, Tensor, Tensor?)>
    {
        public (Tensor, Tensor, Tensor?, Tensor, Tensor?) Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var d = DimsOf(X, R, O);
            var (dx, dr, drb, dh0, dc0) = RecurrentKernel.Backward(d, NativeTensors.Data<T>(R), Rb is not null,
                                                                   Mask is null ? null : NativeTensors.Data<bool>(Mask),
                                                                   NativeTensors.Data<T>(Saved), NativeTensors.Data<T>(Grad));
            return (NativeTensors.Wrap(B, dx, X.Shape), NativeTensors.Wrap(B, dr, R.Shape), drb is null ? null : NativeTensors.Wrap(B, drb, Rb!.Shape),
                    NativeTensors.Wrap(B, dh0, new Shape(d.B, d.U)), dc0 is null ? null : NativeTensors.Wrap(B, dc0, new Shape(d.B, d.U)));
        }
    }
}
