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
        : 0.5 * x * (1 + SpecialFunctions.Erf(x * Sqrt1Over2, single));

    public static double Derivative(double x, bool approximate, bool single)
    {
        if (!approximate) return 0.5 * (1 + SpecialFunctions.Erf(x * Sqrt1Over2, single)) + x * InvSqrt2Pi * Math.Exp(-0.5 * x * x);
        double t = Math.Tanh(Sqrt2OverPi * (x + Cubic * x * x * x));
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * Sqrt2OverPi * (1 + 3 * Cubic * x * x);
    }
}
