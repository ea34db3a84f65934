using System.Numerics;
using ILGPU;

namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>
/// The elementwise parts of the GPU recurrence, one thread per (batch row, unit): a forward step (gates, mask, new
/// state, output), a backward step (the gate gradients of <see cref="RecurrentGates"/>, in the same order of
/// operations), the backward's start, and column sums for the bias gradients (rows added in order, as the CPU does).
/// Activations are the <see cref="RecurrentActivation"/> values; derivatives are taken from the activations' outputs.
/// </summary>
internal static class RecurrentStepKernels
{
    private static T Act<T>(T x, int a) where T : unmanaged, IFloatingPointIeee754<T> => (RecurrentActivation)a switch
    {
        RecurrentActivation.Tanh => T.Tanh(x),
        RecurrentActivation.Sigmoid => T.One / (T.One + T.Exp(-x)),
        RecurrentActivation.Relu => x > T.Zero ? x : T.Zero,
        _ => x,
    };

    private static T D<T>(T y, int a) where T : unmanaged, IFloatingPointIeee754<T> => (RecurrentActivation)a switch
    {
        RecurrentActivation.Tanh => T.One - y * y,
        RecurrentActivation.Sigmoid => y * (T.One - y),
        RecurrentActivation.Relu => y > T.Zero ? T.One : T.Zero,
        _ => T.One,
    };

    /// <summary>
    /// Step k: reads the projection x [B, T, GU] (bias not yet added) and u = h_prev·R [B, GU]; writes the new h (and c)
    /// and the gates into saved, and the output row k of packed (plus the final rows at the last step).
    /// </summary>
    public static void Forward<T>(Index1D index, ArrayView<T> x, ArrayView<T> u, ArrayView<T> bias, ArrayView<T> rb, ArrayView<byte> mask,
                                  ArrayView<T> saved, ArrayView<T> packed, RecurrenceShape s, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = index, U = s.U, b = i / U, j = i - b * U, t = s.StepOf(k);
        long bu = (long)b * U + j, step = (long)s.B * U;
        long hPrev = s.HOffset + k * step + bu, hNext = hPrev + step;
        long cPrev = s.COffset + k * step + bu, cNext = cPrev + step;
        long gates = ((long)k * s.B + b) * s.SW + j;
        long outRow = ((long)b * s.Rows + k) * U + j;
        int gateCount = s.SW / U;
        if (s.HasMask != 0 && mask[(long)b * s.T + t] == 0)
        {
            // a masked step keeps the state and repeats the previous output (zeros before the first step)
            saved[hNext] = saved[hPrev];
            if (s.Kind == RecurrenceShape.Lstm) saved[cNext] = saved[cPrev];
            packed[outRow] = k == 0 ? T.Zero : packed[outRow - U];
            for (int q = 0; q < gateCount; q++) saved[gates + (long)q * U] = T.Zero;
            Finish(packed, saved, s, b, j, k, hNext, cNext);
            return;
        }
        long xr = ((long)b * s.T + t) * s.GU + j, ur = (long)b * s.GU + j;
        T h;
        if (s.Kind == RecurrenceShape.SimpleRnn)
        {
            h = Act(Projected(x, bias, s, xr, j) + u[ur], s.Activation);
        }
        else if (s.Kind == RecurrenceShape.Lstm)
        {
            T ig = Act(Projected(x, bias, s, xr, j) + u[ur], s.RecurrentActivation);
            T fg = Act(Projected(x, bias, s, xr + U, j + U) + u[ur + U], s.RecurrentActivation);
            T gg = Act(Projected(x, bias, s, xr + 2 * U, j + 2 * U) + u[ur + 2 * U], s.Activation);
            T og = Act(Projected(x, bias, s, xr + 3 * U, j + 3 * U) + u[ur + 3 * U], s.RecurrentActivation);
            T c = fg * saved[cPrev];
            c = ig * gg + c;
            T ac = Act(c, s.Activation);
            h = ac * og;
            saved[cNext] = c;
            saved[gates] = ig;
            saved[gates + U] = fg;
            saved[gates + 2 * U] = gg;
            saved[gates + 3 * U] = og;
            saved[gates + 4 * U] = ac;
        }
        else
        {
            T u0 = Recurrent(u, rb, s, ur, j), u1 = Recurrent(u, rb, s, ur + U, j + U), u2 = Recurrent(u, rb, s, ur + 2 * U, j + 2 * U);
            T z = Act(Projected(x, bias, s, xr, j) + u0, s.RecurrentActivation);
            T r = Act(Projected(x, bias, s, xr + U, j + U) + u1, s.RecurrentActivation);
            T n = Act(r * u2 + Projected(x, bias, s, xr + 2 * U, j + 2 * U), s.Activation);
            h = (saved[hPrev] - n) * z + n;
            saved[gates] = z;
            saved[gates + U] = r;
            saved[gates + 2 * U] = n;
            saved[gates + 3 * U] = u2;
        }
        saved[hNext] = h;
        packed[outRow] = h;
        Finish(packed, saved, s, b, j, k, hNext, cNext);
    }

    // x + bias, rounded as the CPU's projection with its bias
    private static T Projected<T>(ArrayView<T> x, ArrayView<T> bias, RecurrenceShape s, long at, int column) where T : unmanaged, IFloatingPointIeee754<T> =>
        s.HasBias != 0 ? x[at] + bias[column] : x[at];

    // GRU: h·R + rb, before the reset gate
    private static T Recurrent<T>(ArrayView<T> u, ArrayView<T> rb, RecurrenceShape s, long at, int column) where T : unmanaged, IFloatingPointIeee754<T> =>
        s.HasRecurrentBias != 0 ? u[at] + rb[column] : u[at];

    // the last step also writes the final h (and c) rows of packed
    private static void Finish<T>(ArrayView<T> packed, ArrayView<T> saved, RecurrenceShape s, int b, int j, int k, long hNext, long cNext)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (k != s.T - 1) return;
        long row = ((long)b * s.Rows + s.T) * s.U + j;
        packed[row] = saved[hNext];
        if (s.Kind == RecurrenceShape.Lstm) packed[row + s.U] = saved[cNext];
    }

    /// <summary>The backward's start: dh (and dc) from the final rows of the packed gradient, the carried output gradient zero.</summary>
    public static void BackwardStart<T>(Index1D index, ArrayView<T> gradPacked, ArrayView<T> dh, ArrayView<T> dc, ArrayView<T> dOut, RecurrenceShape s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = index, b = i / s.U, j = i - b * s.U;
        long row = ((long)b * s.Rows + s.T) * s.U + j;
        dh[i] = gradPacked[row];
        if (s.Kind == RecurrenceShape.Lstm) dc[i] = gradPacked[row + s.U];
        dOut[i] = T.Zero;
    }

    /// <summary>
    /// Backward step k: from dh (and dc) to the step's gradient of h·R (+ rb) into dzAll [T, B, GU] and of the input
    /// projection into dx [B, T, GU]; dh becomes the direct part of the previous state's gradient (GRU's z·dh, else 0),
    /// to which the caller adds dz·Rᵀ. A masked step passes its gradients through and writes zeros.
    /// </summary>
    public static void Backward<T>(Index1D index, ArrayView<T> saved, ArrayView<T> gradPacked, ArrayView<byte> mask, ArrayView<T> dh, ArrayView<T> dc,
                                   ArrayView<T> dOut, ArrayView<T> dzAll, ArrayView<T> dx, RecurrenceShape s, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = index, U = s.U, b = i / U, j = i - b * U, t = s.StepOf(k);
        long bu = (long)b * U + j, step = (long)s.B * U;
        long hPrev = s.HOffset + k * step + bu, hNext = hPrev + step;
        long cPrev = s.COffset + k * step + bu;
        long gates = ((long)k * s.B + b) * s.SW + j;
        long dzr = ((long)k * s.B + b) * s.GU + j, dxr = ((long)b * s.T + t) * s.GU + j;
        T gk = gradPacked[((long)b * s.Rows + k) * U + j];
        if (s.HasMask != 0 && mask[(long)b * s.T + t] == 0)
        {
            dOut[i] = dOut[i] + gk;   // out_k = out_{k-1}: the gradient moves back
            for (int q = 0; q < s.G; q++) { dzAll[dzr + (long)q * U] = T.Zero; dx[dxr + (long)q * U] = T.Zero; }
            return;
        }
        // out_k = h_k: everything reaching out_k and h_k is the gradient of the new state
        T h = dh[i] + gk;
        if (s.HasMask != 0) { h += dOut[i]; dOut[i] = T.Zero; }
        if (s.Kind == RecurrenceShape.SimpleRnn)
        {
            T dz = h * D(saved[hNext], s.Activation);
            dzAll[dzr] = dz;
            dx[dxr] = dz;
            dh[i] = T.Zero;
        }
        else if (s.Kind == RecurrenceShape.Lstm)
        {
            T ig = saved[gates], fg = saved[gates + U], gg = saved[gates + 2 * U], og = saved[gates + 3 * U], a = saved[gates + 4 * U];
            T dct = dc[i] + h * og * D(a, s.Activation);
            T di = dct * gg * D(ig, s.RecurrentActivation);
            T df = dct * saved[cPrev] * D(fg, s.RecurrentActivation);
            T dg = dct * ig * D(gg, s.Activation);
            T dog = h * a * D(og, s.RecurrentActivation);
            dzAll[dzr] = di; dx[dxr] = di;
            dzAll[dzr + U] = df; dx[dxr + U] = df;
            dzAll[dzr + 2 * U] = dg; dx[dxr + 2 * U] = dg;
            dzAll[dzr + 3 * U] = dog; dx[dxr + 3 * U] = dog;
            dc[i] = dct * fg;
            dh[i] = T.Zero;
        }
        else
        {
            T z = saved[gates], r = saved[gates + U], n = saved[gates + 2 * U], uh = saved[gates + 3 * U];
            T dn = h * (T.One - z) * D(n, s.Activation);
            T dzz = h * (saved[hPrev] - n) * D(z, s.RecurrentActivation);
            T dr = dn * uh * D(r, s.RecurrentActivation);
            dzAll[dzr] = dzz; dx[dxr] = dzz;
            dzAll[dzr + U] = dr; dx[dxr + U] = dr;
            dzAll[dzr + 2 * U] = dn * r; dx[dxr + 2 * U] = dn;
            dh[i] = h * z;
        }
    }

    /// <summary>sums[c] = Σ_r m[r, c] over rows in order (m is [rows, columns]).</summary>
    public static void ColumnSums<T>(Index1D column, ArrayView<T> m, ArrayView<T> sums, int rows, int columns) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int c = column;
        T sum = T.Zero;
        for (int r = 0; r < rows; r++) sum += m[(long)r * columns + c];
        sums[c] = sum;
    }
}
