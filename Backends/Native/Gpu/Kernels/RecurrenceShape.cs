namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>
/// The sizes and settings of one fused recurrence on the GPU, passed to its kernels as ints (enums as their values):
/// batch B, time T, features F, units U, gate blocks G (1, 4 or 3). Buffers follow the CPU kernel's layout
/// (<see cref="RecurrentKernel.Dims"/>): packed [B, Rows, U]; saved = gates [T, B, SW], h [T+1, B, U], c [T+1, B, U].
/// </summary>
internal readonly record struct RecurrenceShape(int B, int T, int F, int U, int G, int Kind, int Activation, int RecurrentActivation,
                                                int Backwards, int HasBias, int HasRecurrentBias, int HasMask)
{
    /// <summary>The shape of a call with these sizes and options.</summary>
    public static RecurrenceShape Of(int batch, int time, int features, int units, RecurrenceOptions o, bool bias, bool recurrentBias, bool mask) =>
        new(batch, time, features, units, o.Kind switch { RecurrentCellKind.Lstm => 4, RecurrentCellKind.Gru => 3, _ => 1 }, (int)o.Kind,
            (int)o.Activation, (int)o.RecurrentActivation, o.GoBackwards ? 1 : 0, bias ? 1 : 0, recurrentBias ? 1 : 0, mask ? 1 : 0);

    public const int SimpleRnn = (int)RecurrentCellKind.SimpleRnn;
    public const int Lstm = (int)RecurrentCellKind.Lstm;
    public const int Gru = (int)RecurrentCellKind.Gru;

    public int GU => G * U;
    /// <summary>Width of a step's saved gates: LSTM i, f, g, o, act(c); GRU z, r, n, u_h; SimpleRnn nothing.</summary>
    public int SW => Kind == Lstm ? 5 * U : Kind == Gru ? 4 * U : 0;
    public int Rows => Kind == Lstm ? T + 2 : T + 1;
    /// <summary>The time index of processing step k.</summary>
    public int StepOf(int k) => Backwards != 0 ? T - 1 - k : k;
    public long HOffset => (long)T * B * SW;
    public long COffset => HOffset + (long)(T + 1) * B * U;
    public long SavedLength => COffset + (Kind == Lstm ? (long)(T + 1) * B * U : 0);
    public long PackedLength => (long)B * Rows * U;
    /// <summary>Elements of the input projection and of its gradient, [B, T, GU].</summary>
    public long ProjectionLength => (long)B * T * GU;
}
