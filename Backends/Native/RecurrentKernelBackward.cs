using System.Numerics;
using System.Numerics.Tensors;

namespace KerasSharp.Backends.Native;

internal static partial class RecurrentKernel
{
    /// <summary>
    /// Backward: through time to the gradient of the projection dP [B·T, GU], then dInputs = dP · kernelᵀ (when wanted),
    /// dKernel = inputsᵀ · dP (when wanted) and dBias = the column sums of dP; also R, rb (GRU with a recurrent bias), h0
    /// and c0. Per step: one vector pass per row for the gate gradients (<see cref="RecurrentGates"/>), then one GEMM
    /// adds dz · Rᵀ (Rᵀ packed once per call) to the gradient of h_prev; dR is one GEMM over all steps at the end.
    /// </summary>
    public static (T[]? DInputs, T[]? DKernel, T[]? DBias, T[] Dr, T[]? Drb, T[] Dh0, T[]? Dc0) Backward<T>(
        Dims d, T[] inputs, T[] kernel, bool hasBias, T[] r, bool hasRecurrentBias, bool[]? mask, T[] saved, T[] gradPacked,
        bool needInputs = true, bool needKernel = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (dp, dr, drb, dh0, dc0) = Through(d, r, hasRecurrentBias, mask, saved, gradPacked);
        try
        {
            int n = d.B * d.T;
            T[]? dInputs = null, dKernel = null;
            if (needInputs)
            {
                dInputs = NativeTensors.Alloc<T>(n * d.F);
                Gemm.Run(n, d.F, d.GU, dp, 0, d.GU, 1, kernel, 0, 1, d.GU, dInputs, 0, d.F, accumulate: false);
            }
            if (needKernel)
            {
                dKernel = NativeTensors.Alloc<T>(d.F * d.GU);
                Gemm.Run(d.F, d.GU, n, inputs, 0, 1, d.F, dp, 0, d.GU, 1, dKernel, 0, d.GU, accumulate: false);
            }
            T[]? dBias = null;
            if (hasBias)
            {
                dBias = NativeTensors.AllocZeroed<T>(d.GU);
                for (int i = 0; i < n; i++) TensorPrimitives.Add<T>(dBias, dp.AsSpan(i * d.GU, d.GU), dBias);
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
        var rt = new GemmPackedB<T>(GU, U, r, 0, 1, GU);     // Rᵀ [GU, U], packed once: d h_prev = dz · Rᵀ at every step
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
                int cPrev = d.COffset + k * B * U;
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
                        TensorPrimitives.Add<T>(go, gk, go);   // out_k = out_{k-1}: the gradient moves back
                        dzr.Clear();
                        continue;
                    }
                    // out_k = h_k: everything reaching out_k and h_k is the gradient of the new state.
                    TensorPrimitives.Add<T>(dhr, gk, dhr);
                    if (mask is not null) { TensorPrimitives.Add<T>(dhr, go, dhr); go.Clear(); }
                    var g = saved.AsSpan((k * B + b) * SW, SW);
                    var dxr = dx.AsSpan((b * T_ + t) * GU, GU);
                    switch (o.Kind)
                    {
                        case RecurrentCellKind.SimpleRnn:
                            RecurrentGates.SimpleRnn<T>(dhr, saved.AsSpan(hNext + b * U, U), o.Activation, dzr);
                            dzr.CopyTo(dxr);
                            break;
                        case RecurrentCellKind.Lstm:
                            RecurrentGates.Lstm<T>(g, saved.AsSpan(cPrev + b * U, U), dhr, dc.AsSpan(b * U, U), o, dzr, dxr);
                            break;
                        default:
                            RecurrentGates.Gru<T>(g, saved.AsSpan(hPrev + b * U, U), dhr, o, dzr, dxr);
                            break;
                    }
                }
                // d h_prev += dz · Rᵀ (the direct path is already in dh: GRU's z·dh, nothing for the others; rows of
                // masked steps carry their dh through unchanged, their dz rows are zero)
                Gemm.RunPacked(B, dzAll, k * B * GU, GU, 1, rt, dh, 0, U, accumulate: true);
            }
            // dR = Σ_k h_{k-1}ᵀ · dz_k: the h before every step are rows [T·B, U] of the saved buffer.
            Gemm.Run(U, GU, T_ * B, saved, d.HOffset, 1, U, dzAll, 0, GU, 1, dr, 0, GU, accumulate: false);
            if (drb is not null)
                for (int i = 0; i < T_ * B; i++) TensorPrimitives.Add<T>(drb, dzAll.AsSpan(i * GU, GU), drb);
            // Gradient reaching out_{-1} (zeros) is dropped.
            return (dx, dr, drb, dh, dc);
        }
        finally
        {
            BufferPool<T>.Return(dOut);
            BufferPool<T>.Return(dzAll);
        }
    }
}
