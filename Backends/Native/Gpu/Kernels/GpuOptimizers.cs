using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>The scalars of one Adam step in the variable's type, converted on the host as the CPU kernel converts them.</summary>
internal readonly record struct AdamScalars<T>(T StepSize, T Keep1, T Keep2, T Epsilon) where T : unmanaged;

/// <summary>
/// Fused optimizer updates, one thread per element, reading each input once (IFusedOptimizerKernels):
/// Adam <c>m' = m + (g - m)(1 - beta1)</c>, <c>v' = v + (g² - v)(1 - beta2)</c>,
/// <c>w' = w - m'·stepSize / (sqrt(v') + epsilon)</c> in the CPU kernel's order of operations, and plain SGD.
/// Outputs may alias their own input (an in-place update). Asynchronous on the given stream. Signatures stable.
/// </summary>
internal static class GpuOptimizers
{
    /// <summary>One Adam step of <paramref name="n"/> elements.</summary>
    public static void AdamStep<T>(AcceleratorStream stream, int n, ArrayView<T> w, ArrayView<T> g, ArrayView<T> m, ArrayView<T> v,
                                   ArrayView<T> wOut, ArrayView<T> mOut, ArrayView<T> vOut, AdamCoefficients c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n == 0) return;
        var scalars = new AdamScalars<T>(T.CreateChecked(c.StepSize), T.CreateChecked(1 - c.Beta1), T.CreateChecked(1 - c.Beta2),
                                         T.CreateChecked(c.Epsilon));
        Kernels<T>.Adam.For(stream.Accelerator)(stream, n, w, g, m, v, wOut, mOut, vOut, scalars);
    }

    /// <summary><c>wOut = w - g·learningRate</c> over <paramref name="n"/> elements.</summary>
    public static void SgdStep<T>(AcceleratorStream stream, int n, ArrayView<T> w, ArrayView<T> g, ArrayView<T> wOut, double learningRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n == 0) return;
        Kernels<T>.Sgd.For(stream.Accelerator)(stream, n, w, g, wOut, T.CreateChecked(learningRate));
    }

    private static void Adam<T>(Index1D i, ArrayView<T> w, ArrayView<T> g, ArrayView<T> m, ArrayView<T> v,
                                ArrayView<T> wOut, ArrayView<T> mOut, ArrayView<T> vOut, AdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T gi = g[i], mi = m[i], vi = v[i], wi = w[i];
        T mNew = mi + (gi - mi) * s.Keep1;
        T vNew = vi + (gi * gi - vi) * s.Keep2;
        mOut[i] = mNew;
        vOut[i] = vNew;
        wOut[i] = wi - mNew * s.StepSize / (T.Sqrt(vNew) + s.Epsilon);
    }

    private static void Sgd<T>(Index1D i, ArrayView<T> w, ArrayView<T> g, ArrayView<T> wOut, T rate)
        where T : unmanaged, IFloatingPointIeee754<T> => wOut[i] = w[i] - g[i] * rate;

    private static class Kernels<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
                                                  ArrayView<T>, ArrayView<T>, ArrayView<T>, AdamScalars<T>>> Adam =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
                                             ArrayView<T>, AdamScalars<T>>(Adam<T>));

        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, T>> Sgd =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, T>(Sgd<T>));
    }
}
