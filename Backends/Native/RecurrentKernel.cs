using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// The fused recurrence of <see cref="IFusedRecurrentKernels"/> on the CPU. Forward: one GEMM per chunk of steps projects
/// their inputs (<see cref="Projection{T}"/>); per step, one GEMM adds h·R into that step's projection rows in place (R
/// packed once per call into the GEMM's panels, <see cref="GemmPackedB{T}"/>), and one pass per row applies the gates and
/// the mask (float32 on AVX-512: one fused vector pass, <see cref="RecurrentStepFloat"/>; otherwise whole-row
/// primitives). What the backward needs is kept per step: the gate activations (LSTM i, f, g, o and act(c); GRU z, r, n
/// and the recurrent product of the candidate block) and the states h and c before and after. The backward
/// (<see cref="Backward{T}"/>) runs through time by hand. Sums are over fixed orders (the GEMM splits over rows and
/// columns only), so results do not depend on threads.
/// </summary>
internal static partial class RecurrentKernel
{
    /// <summary>The sizes of one call.</summary>
    internal readonly record struct Dims(int B, int T, int F, int U, int G, RecurrenceOptions O)
    {
        public int GU => G * U;
        /// <summary>Width of a step's saved gates: LSTM i, f, g, o, act(c); GRU z, r, n, u_h; SimpleRnn nothing.</summary>
        public int SW => O.Kind switch { RecurrentCellKind.Lstm => 5 * U, RecurrentCellKind.Gru => 4 * U, _ => 0 };
        public int Rows => O.Kind == RecurrentCellKind.Lstm ? T + 2 : T + 1;
        public int StepOf(int k) => O.GoBackwards ? T - 1 - k : k;

        /// <summary>
        /// No backward will run: keep one step's gates and two states each (the last and the next, in turn) instead of the
        /// whole history, so an inference pass writes a few rows that stay in cache, not megabytes per sequence.
        /// </summary>
        public bool Rolling { get; init; }

        // Saved layout: gates [T, B, SW], then h [T+1, B, U], then c [T+1, B, U] (LSTM); rolling: T and T+1 become 1 and 2.
        private int GateSteps => Rolling ? 1 : T;
        private int StateSteps => Rolling ? 2 : T + 1;
        public int HOffset => GateSteps * B * SW;
        public int COffset => HOffset + StateSteps * B * U;
        public int SavedLength => COffset + (O.Kind == RecurrentCellKind.Lstm ? StateSteps * B * U : 0);

        /// <summary>Offset of step k's gates (the gates of processing step k, batch row 0).</summary>
        public int Gates(int k) => Rolling ? 0 : k * B * SW;

        /// <summary>Offset of the state before processing step k (k = T: the final state) within the h or c block.</summary>
        public int State(int k) => (Rolling ? k & 1 : k) * B * U;
    }

    /// <summary>dst = act(src); the spans may be the same.</summary>
    private static void Activate<T>(ReadOnlySpan<T> src, Span<T> dst, RecurrentActivation a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (a)
        {
            case RecurrentActivation.Tanh: TensorPrimitives.Tanh(src, dst); break;
            case RecurrentActivation.Sigmoid: TensorPrimitives.Sigmoid(src, dst); break;
            case RecurrentActivation.Relu: ReluKernel.Run(src, dst); break;
            default: src.CopyTo(dst); break;
        }
    }

    private static Span<float> F<T>(Span<T> s) where T : unmanaged => MemoryMarshal.Cast<T, float>(s);

    /// <summary>One batch row's gate pass in float32 (<see cref="RecurrentStepFloat"/>), the bias added there; writes the output row too.</summary>
    private static void StepFloat(RecurrenceOptions o, Span<float> x, ReadOnlySpan<float> bias, Span<float> uh, Span<float> hPrev, Span<float> cPrev,
        Span<float> g, Span<float> h, Span<float> c, Span<float> output)
    {
        switch (o.Kind)
        {
            case RecurrentCellKind.SimpleRnn: RecurrentStepFloat.SimpleRnn(x, bias, h, output, o.Activation); break;
            case RecurrentCellKind.Lstm: RecurrentStepFloat.Lstm(x, bias, cPrev, g, c, h, output, o); break;
            default: RecurrentStepFloat.Gru(x, bias, uh, hPrev, g, h, output, o); break;
        }
    }

    /// <summary>Runs the sequence; returns the packed result [B, Rows, U] and the saved buffer (a step's worth when <see cref="Dims.Rolling"/>).</summary>
    public static (T[] Packed, T[] Saved) Forward<T>(Dims d, T[] inputs, T[] kernel, T[]? bias, T[] r, T[]? rb, T[] h0, T[]? c0, bool[]? mask)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The float32 gate pass adds the bias itself (gateBias), sparing the projection GEMM a pass over its rows.
        var gateBias = typeof(T) == typeof(float) && FloatActivations.Accelerated ? bias ?? new T[d.GU] : null;
        var projection = new Projection<T>(d, inputs, kernel, gateBias is null ? bias : null);
        try { return Steps(d, projection, r, rb, h0, c0, mask, gateBias); }
        finally { projection.Return(); }
    }

    /// <summary>
    /// The input projection x = inputs · kernel + bias, computed a chunk of steps ahead of the recurrence (rows in
    /// processing order, then batch): one GEMM per chunk against the kernel packed once per call. A chunk's rows are
    /// still in cache when the steps add h·R into them and read them back, where the whole sequence's projection (26 MB
    /// for batch 64, 100 steps, 1024 gates) went out to memory between the two; measured on LSTM(256) over 100 steps at
    /// batch 64: 64 ms for both products against 69 with one projection GEMM.
    /// </summary>
    private sealed class Projection<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Rows per chunk: about a megabyte of projection at 1024 gates (the L2 of the machines measured).
        private const int ChunkRows = 256;
        private readonly Dims _d;
        private readonly T[] _inputs;
        private readonly T[]? _bias;
        private readonly GemmPackedB<T> _kernel;
        private readonly T[] _rows, _x;

        public Projection(Dims d, T[] inputs, T[] kernel, T[]? bias)
        {
            _d = d;
            _inputs = inputs;
            _bias = bias;
            Steps = Math.Clamp(ChunkRows / d.B, 1, d.T);
            _kernel = new GemmPackedB<T>(d.F, d.GU, kernel, 0, d.GU, 1);
            _rows = NativeTensors.Alloc<T>(Steps * d.B * d.F);
            _x = NativeTensors.Alloc<T>(Steps * d.B * d.GU);
        }

        /// <summary>Steps per chunk.</summary>
        public int Steps { get; }

        /// <summary>The projection of the current chunk: processing step k0 + j, batch row b at row j·B + b.</summary>
        public T[] X => _x;

        /// <summary>Projects processing steps [k0, k0 + Steps) (fewer at the end) into <see cref="X"/>.</summary>
        public void Compute(int k0)
        {
            int B = _d.B, F = _d.F, n = Math.Min(Steps, _d.T - k0);
            for (int j = 0; j < n; j++)
            {
                int t = _d.StepOf(k0 + j);
                for (int b = 0; b < B; b++) _inputs.AsSpan((b * _d.T + t) * F, F).CopyTo(_rows.AsSpan((j * B + b) * F, F));
            }
            Gemm.RunPacked(n * B, _rows, 0, F, 1, _kernel, _x, 0, _d.GU, accumulate: false, bias: _bias);
        }

        public void Return()
        {
            BufferPool<T>.Return(_rows);
            BufferPool<T>.Return(_x);
        }
    }

    private static (T[] Packed, T[] Saved) Steps<T>(Dims d, Projection<T> projection, T[] r, T[]? rb, T[] h0, T[]? c0, bool[]? mask, T[]? gateBias)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int B = d.B, T_ = d.T, U = d.U, GU = d.GU, SW = d.SW;
        var o = d.O;
        var packed = NativeTensors.Alloc<T>(B * d.Rows * U);
        var saved = NativeTensors.Alloc<T>(d.SavedLength);
        var u = o.Kind == RecurrentCellKind.Gru ? NativeTensors.Alloc<T>(B * GU) : null;
        var x = projection.X;
        var packedR = new GemmPackedB<T>(U, GU, r, 0, GU, 1);
        try
        {
            h0.AsSpan(0, B * U).CopyTo(saved.AsSpan(d.HOffset, B * U));
            if (c0 is not null) c0.AsSpan(0, B * U).CopyTo(saved.AsSpan(d.COffset, B * U));
            for (int k = 0; k < T_; k++)
            {
                int t = d.StepOf(k), chunkRow = k % projection.Steps * B;
                if (chunkRow == 0) projection.Compute(k);
                int hPrev = d.HOffset + d.State(k), hNext = d.HOffset + d.State(k + 1);
                int cPrev = d.COffset + d.State(k), cNext = d.COffset + d.State(k + 1);
                // LSTM and SimpleRnn: the step's projection rows += h·R in place; GRU keeps h·R + rb apart for the reset gate
                if (o.Kind == RecurrentCellKind.Gru)
                    Gemm.RunPacked(B, saved, hPrev, U, 1, packedR, u!, 0, GU, accumulate: false, bias: rb);
                else
                    Gemm.RunPacked(B, saved, hPrev, U, 1, packedR, x, chunkRow * GU, GU, accumulate: true);
                for (int b = 0; b < B; b++)
                {
                    bool keep = mask is not null && !mask[b * T_ + t];
                    var hp = saved.AsSpan(hPrev + b * U, U);
                    var hn = saved.AsSpan(hNext + b * U, U);
                    var outRow = packed.AsSpan((b * d.Rows + k) * U, U);
                    if (keep)
                    {
                        hp.CopyTo(hn);
                        if (c0 is not null) saved.AsSpan(cPrev + b * U, U).CopyTo(saved.AsSpan(cNext + b * U, U));
                        if (k == 0) outRow.Clear();
                        else packed.AsSpan((b * d.Rows + k - 1) * U, U).CopyTo(outRow);
                        saved.AsSpan(d.Gates(k) + b * SW, SW).Clear();
                        continue;
                    }
                    var zr = x.AsSpan((chunkRow + b) * GU, GU);
                    var g = saved.AsSpan(d.Gates(k) + b * SW, SW);
                    if (gateBias is not null)
                    {
                        bool lstm = o.Kind == RecurrentCellKind.Lstm;
                        var cp = lstm ? saved.AsSpan(cPrev + b * U, U) : default;
                        var cn = lstm ? saved.AsSpan(cNext + b * U, U) : default;
                        StepFloat(o, F<T>(zr), F<T>(gateBias.AsSpan()), u is null ? default : F<T>(u.AsSpan(b * GU, GU)), F<T>(hp), F<T>(cp),
                            d.Rolling ? default : F<T>(g), F<T>(hn), F<T>(cn), F<T>(outRow));
                        continue;
                    }
                    switch (o.Kind)
                    {
                        case RecurrentCellKind.SimpleRnn:
                            Activate<T>(zr, hn, o.Activation);
                            break;
                        case RecurrentCellKind.Lstm:
                        {
                            Activate<T>(zr[..(2 * U)], g[..(2 * U)], o.RecurrentActivation);
                            Activate<T>(zr.Slice(2 * U, U), g.Slice(2 * U, U), o.Activation);
                            Activate<T>(zr.Slice(3 * U, U), g.Slice(3 * U, U), o.RecurrentActivation);
                            var cn = saved.AsSpan(cNext + b * U, U);
                            TensorPrimitives.Multiply<T>(g.Slice(U, U), saved.AsSpan(cPrev + b * U, U), cn);        // f·c
                            TensorPrimitives.FusedMultiplyAdd<T>(g[..U], g.Slice(2 * U, U), cn, cn);                 // + i·g
                            var ac = g.Slice(4 * U, U);
                            Activate<T>(cn, ac, o.Activation);
                            TensorPrimitives.Multiply<T>(ac, g.Slice(3 * U, U), hn);                                 // o·act(c)
                            break;
                        }
                        default:
                        {
                            var ur = u!.AsSpan(b * GU, GU);
                            TensorPrimitives.Add<T>(zr[..(2 * U)], ur[..(2 * U)], g[..(2 * U)]);
                            Activate<T>(g[..(2 * U)], g[..(2 * U)], o.RecurrentActivation);
                            var n = g.Slice(2 * U, U);
                            TensorPrimitives.FusedMultiplyAdd<T>(g.Slice(U, U), ur.Slice(2 * U, U), zr.Slice(2 * U, U), n);   // x_h + r·u_h
                            Activate<T>(n, n, o.Activation);
                            ur.Slice(2 * U, U).CopyTo(g.Slice(3 * U, U));
                            TensorPrimitives.Subtract<T>(hp, n, hn);
                            TensorPrimitives.FusedMultiplyAdd<T>(hn, g[..U], n, hn);                                 // n + z·(h - n)
                            break;
                        }
                    }
                    hn.CopyTo(outRow);
                }
            }
            for (int b = 0; b < B; b++)
            {
                saved.AsSpan(d.HOffset + d.State(T_) + b * U, U).CopyTo(packed.AsSpan((b * d.Rows + T_) * U, U));
                if (o.Kind == RecurrentCellKind.Lstm)
                    saved.AsSpan(d.COffset + d.State(T_) + b * U, U).CopyTo(packed.AsSpan((b * d.Rows + T_ + 1) * U, U));
            }
            return (packed, saved);
        }
        finally
        {
            if (u is not null) BufferPool<T>.Return(u);
        }
    }
}
