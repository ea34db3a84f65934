using System.Numerics;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

public sealed partial class NativeBackend : IFusedActivationKernels
{
    private const int ActivationGrain = 16 * 1024;

    /// <inheritdoc/>
    public Tensor Gelu(Tensor x, bool approximate) =>
        Dispatch.Float<Tensor, GeluFn>(x.DType, new(this, x, null, approximate), "Gelu");

    /// <inheritdoc/>
    public Tensor GeluGrad(Tensor x, Tensor gradient, bool approximate) =>
        Dispatch.Float<Tensor, GeluFn>(x.DType, new(this, x, gradient, approximate), "GeluGrad");

    /// <summary>GELU forward (no gradient) or its gradient, one pass over x (and the gradient), in double inside.</summary>
    private readonly record struct GeluFn(NativeBackend B, Tensor X, Tensor? G, bool Approximate) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            T[] x = NativeTensors.Data<T>(X);
            T[]? g = G is null ? null : NativeTensors.Data<T>(G);
            int n = X.Shape.Size;
            T[] d = NativeTensors.Alloc<T>(n);
            bool approximate = Approximate, single = typeof(T) == typeof(float);
            NativeParallel.For(n, ActivationGrain, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end) =>
            {
                for (int i = start; i < end; i++)
                {
                    double xi = double.CreateTruncating(x[i]);
                    d[i] = g is null
                        ? T.CreateTruncating(GeluMath.Value(xi, approximate, single))
                        : T.CreateTruncating(double.CreateTruncating(g[i]) * GeluMath.Derivative(xi, approximate, single));
                }
            });
            return NativeTensors.Wrap(B, d, X.Shape);
        }
    }
}

/// <summary>GELU and its derivative on one value (the same formulas as Core's composed reference).</summary>
internal static class GeluMath
{
    private const double Sqrt1Over2 = 0.70710678118654752440;
    private const double InvSqrt2Pi = 0.39894228040143267794;
    private const double Sqrt2OverPi = 0.79788456080286535588;
    private const double Cubic = 0.044715;

    public static double Value(double x, bool approximate, bool single) => approximate
        ? 0.5 * x * (1 + Math.Tanh(Sqrt2OverPi * (x + Cubic * x * x * x)))
        : 0.5 * x * OnePlusErf(x * Sqrt1Over2, single);

    /// <summary>
    /// 1 + erf(z). For float results, from erfc's Chebyshev fit (Numerical Recipes' erfcc: relative error below
    /// 1.2e-7 everywhere, so 1 + erf(z) = erfc(-z) keeps its relative accuracy far out on the negative side): one exp
    /// instead of erf's series. For double, the exact series.
    /// </summary>
    private static double OnePlusErf(double z, bool single)
    {
        if (!single) return 1 + SpecialFunctions.Erf(z);
        if (double.IsNaN(z)) return z;
        double a = Math.Abs(z), t = 1 / (1 + 0.5 * a);
        double erfc = t * Math.Exp(-a * a - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
                      t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return z >= 0 ? 2 - erfc : erfc;
    }

    public static double Derivative(double x, bool approximate, bool single)
    {
        if (!approximate) return 0.5 * OnePlusErf(x * Sqrt1Over2, single) + x * InvSqrt2Pi * Math.Exp(-0.5 * x * x);
        double t = Math.Tanh(Sqrt2OverPi * (x + Cubic * x * x * x));
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * Sqrt2OverPi * (1 + 3 * Cubic * x * x);
    }
}
