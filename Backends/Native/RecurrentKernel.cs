using System.Numerics;
using System.Numerics.Tensors;

namespace KerasSharp.Backends.Native;

/// <summary>
/// The fused recurrence of <see cref="IFusedRecurrentKernels"/> on the CPU. Forward, per step: the step's input
/// projection is copied into the gate rows, one GEMM adds h·R, and one pass per row applies the gates and the mask.
/// What the backward needs is kept per step: the gate activations (LSTM i, f, g, o; GRU z, r, n and the recurrent
/// product of the candidate block) and the states h and c before and after. The backward runs through time by hand: one
/// pass per row for the gate gradients, then a GEMM for the gradient of h_prev and one accumulating into that of R.
/// Sums are over fixed orders (the GEMM splits over rows and columns only), so results do not depend on threads.
/// </summary>
internal static class RecurrentKernel
{
    /// <summary>The sizes of one call.</summary>
    internal readonly record struct Dims(int B, int T, int F, int U, int G, RecurrenceOptions O)
    {
        public int GU => G * U;
        /// <summary>Width of a step's saved gates: LSTM i, f, g, o; GRU z, r, n, u_h; SimpleRnn nothing.</summary>
        public int SW => O.Kind == RecurrentCellKind.SimpleRnn ? 0 : 4 * U;
        public int Rows => O.Kind == RecurrentCellKind.Lstm ? T + 2 : T + 1;
        public int StepOf(int k) => O.GoBackwards ? T - 1 - k : k;
        // Saved layout: gates [T, B, SW], then h [T+1, B, U], then c [T+1, B, U] (LSTM).
        public int HOffset => T * B * SW;
        public int COffset => HOffset + (T + 1) * B * U;
        public int SavedLength => COffset + (O.Kind == RecurrentCellKind.Lstm ? (T + 1) * B * U : 0);
    }

    private static void Activate<T>(Span<T> x, RecurrentActivation a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (a)
        {
            case RecurrentActivation.Tanh: TensorPrimitives.Tanh<T>(x, x); break;
            case RecurrentActivation.Sigmoid: TensorPrimitives.Sigmoid<T>(x, x); break;
            case RecurrentActivation.Relu: TensorPrimitives.Max<T>(x, T.Zero, x); break;
        }
    }

    /// <summary>The activation's derivative from its output y.</summary>
    private static T Derivative<T>(T y, RecurrentActivation a) where T : unmanaged, IFloatingPointIeee754<T> => a switch
    {
        RecurrentActivation.Tanh => T.One - y * y,
        RecurrentActivation.Sigmoid => y * (T.One - y),
        RecurrentActivation.Relu => y > T.Zero ? T.One : T.Zero,
        _ => T.One,
    };

    private static T Act<T>(T x, RecurrentActivation a) where T : unmanaged, IFloatingPointIeee754<T> => a switch
    {
        RecurrentActivation.Tanh => T.Tanh(x),
        RecurrentActivation.Sigmoid => T.One / (T.One + T.Exp(-x)),
        RecurrentActivation.Relu => T.Max(x, T.Zero),
        _ => x,
    };

    /// <summary>Runs the sequence; returns the packed result [B, Rows, U] and the saved buffer.</summary>
    public static (T[] Packed, T[] Saved) Forward<T>(Dims d, T[] inputs, T[] kernel, T[]? bias, T[] r, T[]? rb, T[] h0, T[]? c0, bool[]? mask)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // One GEMM projects every step's input: x = inputs · kernel + bias, [B·T, GU].
        var x = NativeTensors.Alloc<T>(d.B * d.T * d.GU);
        try
        {
            Gemm.Run(d.B * d.T, d.GU, d.F, inputs, 0, d.F, 1, kernel, 0, d.GU, 1, x, 0, d.GU, accumulate: false, bias: bias);
            return Steps(d, x, r, rb, h0, c0, mask);
        }
        finally { BufferPool<T>.Return(x); }
    }

    private static (T[] Packed, T[] Saved) Steps<T>(Dims d, T[] x, T[] r, T[]? rb, T[] h0, T[]? c0, bool[]? mask)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int B = d.B, T_ = d.T, U = d.U, GU = d.GU, SW = d.SW;
        var o = d.O;
        var packed = NativeTensors.Alloc<T>(B * d.Rows * U);
        var saved = NativeTensors.Alloc<T>(d.SavedLength);
        var z = NativeTensors.Alloc<T>(B * GU);
        var u = o.Kind == RecurrentCellKind.Gru ? NativeTensors.Alloc<T>(B * GU) : null;
        var blocks = ColumnBlocks(r, U, GU, rb);
        try
        {
            h0.AsSpan(0, B * U).CopyTo(saved.AsSpan(d.HOffset, B * U));
            if (c0 is not null) c0.AsSpan(0, B * U).CopyTo(saved.AsSpan(d.COffset, B * U));
            for (int k = 0; k < T_; k++)
            {
                int t = d.StepOf(k);
                int hPrev = d.HOffset + k * B * U, hNext = hPrev + B * U;
                int cPrev = d.COffset + k * B * U, cNext = cPrev + B * U;
                // z = x_t (+ h·R for LSTM and SimpleRnn; GRU keeps h·R + rb apart for the reset gate)
                for (int b = 0; b < B; b++) x.AsSpan((b * T_ + t) * GU, GU).CopyTo(z.AsSpan(b * GU, GU));
                foreach (var (j0, nb, block, blockBias) in blocks)
                {
                    if (o.Kind == RecurrentCellKind.Gru)
                        Gemm.Run(B, nb, U, saved, hPrev, U, 1, block, 0, nb, 1, u!, j0, GU, accumulate: false, bias: blockBias);
                    else
                        Gemm.Run(B, nb, U, saved, hPrev, U, 1, block, 0, nb, 1, z, j0, GU, accumulate: true);
                }
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
                        saved.AsSpan((k * B + b) * SW, SW).Clear();
                        continue;
                    }
                    var zr = z.AsSpan(b * GU, GU);
                    var g = saved.AsSpan((k * B + b) * SW, SW);
                    switch (o.Kind)
                    {
                        case RecurrentCellKind.SimpleRnn:
                            zr.CopyTo(hn);
                            Activate(hn, o.Activation);
                            break;
                        case RecurrentCellKind.Lstm:
                        {
                            zr.CopyTo(g);
                            Activate(g[..(2 * U)], o.RecurrentActivation);
                            Activate(g.Slice(2 * U, U), o.Activation);
                            Activate(g.Slice(3 * U, U), o.RecurrentActivation);
                            var cp = saved.AsSpan(cPrev + b * U, U);
                            var cn = saved.AsSpan(cNext + b * U, U);
                            for (int j = 0; j < U; j++) cn[j] = g[U + j] * cp[j] + g[j] * g[2 * U + j];
                            cn.CopyTo(hn);
                            Activate(hn, o.Activation);
                            TensorPrimitives.Multiply<T>(hn, g.Slice(3 * U, U), hn);
                            break;
                        }
                        default:
                        {
                            var ur = u!.AsSpan(b * GU, GU);
                            for (int j = 0; j < 2 * U; j++) g[j] = zr[j] + ur[j];
                            Activate(g[..(2 * U)], o.RecurrentActivation);
                            for (int j = 0; j < U; j++) g[2 * U + j] = zr[2 * U + j] + g[U + j] * ur[2 * U + j];
                            Activate(g.Slice(2 * U, U), o.Activation);
                            ur.Slice(2 * U, U).CopyTo(g.Slice(3 * U, U));
                            for (int j = 0; j < U; j++) hn[j] = g[2 * U + j] + g[j] * (hp[j] - g[2 * U + j]);
                            break;
                        }
                    }
                    hn.CopyTo(outRow);
                }
            }
            for (int b = 0; b < B; b++)
            {
                saved.AsSpan(d.HOffset + T_ * B * U + b * U, U).CopyTo(packed.AsSpan((b * d.Rows + T_) * U, U));
                if (o.Kind == RecurrentCellKind.Lstm)
                    saved.AsSpan(d.COffset + T_ * B * U + b * U, U).CopyTo(packed.AsSpan((b * d.Rows + T_ + 1) * U, U));
            }
            return (packed, saved);
        }
        finally
        {
            BufferPool<T>.Return(z);
            if (u is not null) BufferPool<T>.Return(u);
            foreach (var (_, _, block, _) in blocks) BufferPool<T>.Return(block);
        }
    }

    // The GEMM reads B in place (no packing per step) while its rows span at most this many bytes.
    private const int InPlaceBytes = 512 * 1024;

    /// <summary>
    /// R [U, GU] cut into contiguous column blocks [U, nb] small enough for the GEMM to read in place at every step,
    /// each with its slice of <paramref name="bias"/>: one copy per call instead of one packing of R per step.
    /// </summary>
    private static List<(int J0, int Width, T[] Block, T[]? Bias)> ColumnBlocks<T>(T[] r, int units, int width, T[]? bias) where T : unmanaged
    {
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        int nb = Math.Max(16, InPlaceBytes / (units * size) / 16 * 16);
        if (nb >= width) nb = width;
        var blocks = new List<(int, int, T[], T[]?)>();
        for (int j0 = 0; j0 < width; j0 += nb)
        {
            int w = Math.Min(nb, width - j0);
            var block = NativeTensors.Alloc<T>(units * w);
            for (int p = 0; p < units; p++) r.AsSpan(p * width + j0, w).CopyTo(block.AsSpan(p * w, w));
            blocks.Add((j0, w, block, bias?[j0..(j0 + w)]));
        }
        return blocks;
    }

    /// <summary>
    /// Backward: through time to the gradient of the projection dP [B·T, GU], then dInputs = dP · kernelᵀ,
    /// dKernel = inputsᵀ · dP and dBias = the column sums of dP; also R, rb (GRU with a recurrent bias), h0 and c0.
    /// </summary>
    public static (T[] DInputs, T[] DKernel, T[]? DBias, T[] Dr, T[]? Drb, T[] Dh0, T[]? Dc0) Backward<T>(
        Dims d, T[] inputs, T[] kernel, bool hasBias, T[] r, bool hasRecurrentBias, bool[]? mask, T[] saved, T[] gradPacked)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (dp, dr, drb, dh0, dc0) = Through(d, r, hasRecurrentBias, mask, saved, gradPacked);
        try
        {
            int n = d.B * d.T;
            var dInputs = NativeTensors.Alloc<T>(n * d.F);
            Gemm.Run(n, d.F, d.GU, dp, 0, d.GU, 1, kernel, 0, 1, d.GU, dInputs, 0, d.F, accumulate: false);
            var dKernel = NativeTensors.Alloc<T>(d.F * d.GU);
            Gemm.Run(d.F, d.GU, n, inputs, 0, 1, d.F, dp, 0, d.GU, 1, dKernel, 0, d.GU, accumulate: false);
            T[]? dBias = null;
            if (hasBias)
            {
                dBias = NativeTensors.AllocZeroed<T>(d.GU);
                for (int i = 0; i < n; i++)
                {
                    var row = dp.AsSpan(i * d.GU, d.GU);
                    for (int j = 0; j < d.GU; j++) dBias[j] += row[j];
                }
            }
            return (dInputs, dKernel, dBias, dr, drb, dh0, dc0);
        }
        finally { BufferPool<T>.Return(dp); }
    }

    private static (T[] Dx, T[] Dr, T[]? Drb, T[] Dh0, T[]? Dc0) Through<T>(Dims d, T[] r, bool hasBias, bool[]? mask, T[] saved, T[] gradPacked)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int B = d.B, T_ = d.T, U = d.U, GU = d.GU, SW = d.SW;
        var o = d.O;
        bool lstm = o.Kind == RecurrentCellKind.Lstm;
        var dx = NativeTensors.AllocZeroed<T>(B * T_ * GU);
        var dr = NativeTensors.Alloc<T>(U * GU);
        var drb = hasBias ? NativeTensors.AllocZeroed<T>(GU) : null;
        var dh = NativeTensors.Alloc<T>(B * U);
        var dc = lstm ? NativeTensors.Alloc<T>(B * U) : null;
        var dOut = NativeTensors.AllocZeroed<T>(B * U);     // gradient carried to the previous output through masked steps
        var dzAll = NativeTensors.Alloc<T>(T_ * B * GU);     // per step, the gradient of h·R (+ rb): dR is one GEMM at the end
        var dhPrev = NativeTensors.Alloc<T>(B * U);
        // Rᵀ [GU, U], contiguous, read in place in slices of rows by d h_prev = dz · Rᵀ.
        var rt = NativeTensors.Alloc<T>(GU * U);
        for (int p = 0; p < U; p++)
            for (int j = 0; j < GU; j++) rt[j * U + p] = r[p * GU + j];
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        int kc = Math.Max(16, Math.Min(GU, InPlaceBytes / (U * size)));
        try
        {
            for (int b = 0; b < B; b++)
            {
                gradPacked.AsSpan((b * d.Rows + T_) * U, U).CopyTo(dh.AsSpan(b * U, U));
                if (lstm) gradPacked.AsSpan((b * d.Rows + T_ + 1) * U, U).CopyTo(dc.AsSpan(b * U, U));
            }
            for (int k = T_ - 1; k >= 0; k--)
            {
                int t = d.StepOf(k);
                int hPrev = d.HOffset + k * B * U, hNext = hPrev + B * U;
                int cPrev = d.COffset + k * B * U, cNext = cPrev + B * U;
                var dz = dzAll.AsSpan(k * B * GU, B * GU);
                for (int b = 0; b < B; b++)
                {
                    var go = dOut.AsSpan(b * U, U);
                    var gk = gradPacked.AsSpan((b * d.Rows + k) * U, U);
                    var dzr = dz.Slice(b * GU, GU);
                    var dhr = dh.AsSpan(b * U, U);
                    bool keep = mask is not null && !mask[b * T_ + t];
                    if (keep)
                    {
                        for (int j = 0; j < U; j++) go[j] += gk[j];   // out_k = out_{k-1}: the gradient moves back
                        dzr.Clear();
                        continue;
                    }
                    // out_k = h_k: everything reaching out_k and h_k is the gradient of the new state.
                    for (int j = 0; j < U; j++) { dhr[j] += gk[j] + go[j]; go[j] = T.Zero; }
                    var g = saved.AsSpan((k * B + b) * SW, SW);
                    var hp = saved.AsSpan(hPrev + b * U, U);
                    var dxr = dx.AsSpan((b * T_ + t) * GU, GU);
                    switch (o.Kind)
                    {
                        case RecurrentCellKind.SimpleRnn:
                        {
                            var hn = saved.AsSpan(hNext + b * U, U);
                            for (int j = 0; j < U; j++) dzr[j] = dhr[j] * Derivative(hn[j], o.Activation);
                            dzr.CopyTo(dxr);
                            dhr.Clear();
                            break;
                        }
                        case RecurrentCellKind.Lstm:
                        {
                            var cp = saved.AsSpan(cPrev + b * U, U);
                            var cn = saved.AsSpan(cNext + b * U, U);
                            var dcr = dc.AsSpan(b * U, U);
                            for (int j = 0; j < U; j++)
                            {
                                T i = g[j], f = g[U + j], gg = g[2 * U + j], og = g[3 * U + j];
                                T ac = Act(cn[j], o.Activation);
                                T dct = dcr[j] + dhr[j] * og * Derivative(ac, o.Activation);
                                dzr[j] = dct * gg * Derivative(i, o.RecurrentActivation);
                                dzr[U + j] = dct * cp[j] * Derivative(f, o.RecurrentActivation);
                                dzr[2 * U + j] = dct * i * Derivative(gg, o.Activation);
                                dzr[3 * U + j] = dhr[j] * ac * Derivative(og, o.RecurrentActivation);
                                dcr[j] = dct * f;
                            }
                            dzr.CopyTo(dxr);
                            dhr.Clear();
                            break;
                        }
                        default:
                        {
                            for (int j = 0; j < U; j++)
                            {
                                T zg = g[j], rg = g[U + j], n = g[2 * U + j], uh = g[3 * U + j];
                                T dhn = dhr[j];
                                T dan = dhn * (T.One - zg) * Derivative(n, o.Activation);
                                T daz = dhn * (hp[j] - n) * Derivative(zg, o.RecurrentActivation);
                                T dar = dan * uh * Derivative(rg, o.RecurrentActivation);
                                dxr[j] = daz;
                                dxr[U + j] = dar;
                                dxr[2 * U + j] = dan;
                                dzr[j] = daz;
                                dzr[U + j] = dar;
                                dzr[2 * U + j] = dan * rg;
                                dhr[j] = dhn * zg;   // the direct path h_prev -> h
                            }
                            break;
                        }
                    }
                }
                // d h_prev = dz · Rᵀ, added to the direct path (zero rows of dz add nothing).
                for (int p0 = 0; p0 < GU; p0 += kc)
                    Gemm.Run(B, U, Math.Min(kc, GU - p0), dzAll, k * B * GU + p0, GU, 1, rt, p0 * U, U, 1, dhPrev, 0, U, accumulate: p0 > 0);
                for (int i = 0; i < B * U; i++) dh[i] += dhPrev[i];
            }
            // dR = Σ_k h_{k-1}ᵀ · dz_k: the h before every step are rows [T·B, U] of the saved buffer.
            Gemm.Run(U, GU, T_ * B, saved, d.HOffset, 1, U, dzAll, 0, GU, 1, dr, 0, GU, accumulate: false);
            if (drb is not null)
                for (int i = 0; i < T_ * B; i++)
                {
                    var row = dzAll.AsSpan(i * GU, GU);
                    for (int j = 0; j < GU; j++) drb[j] += row[j];
                }
            // Gradient reaching out_{-1} (zeros) is dropped.
            return (dx, dr, drb, dh, dc);
        }
        finally
        {
            BufferPool<T>.Return(dOut);
            BufferPool<T>.Return(dzAll);
            BufferPool<T>.Return(dhPrev);
            BufferPool<T>.Return(rt);
        }
    }
}
