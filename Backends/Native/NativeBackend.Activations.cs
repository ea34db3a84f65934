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

    /// <inheritdoc/>
    public Tensor ReluGrad(Tensor relu, Tensor gradient) =>
        Dispatch.Float<Tensor, ReluGradFn>(relu.DType, new(this, relu, gradient), "ReluGrad");

    /// <summary>gradient * sign(relu), one pass (<see cref="SignKernel.MultiplyBySign{T}"/>), split over threads.</summary>
    private readonly record struct ReluGradFn(NativeBackend B, Tensor R, Tensor G) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            T[] r = NativeTensors.Data<T>(R), g = NativeTensors.Data<T>(G);
            int n = R.Shape.Size;
            T[] d = NativeTensors.Alloc<T>(n);
            NativeParallel.For(n, ActivationGrain, (start, end) =>
                SignKernel.MultiplyBySign<T>(g.AsSpan(start, end - start), r.AsSpan(start, end - start), d.AsSpan(start, end - start)));
            return NativeTensors.Wrap(B, d, R.Shape);
        }
    }

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
            if (single && !approximate)
            {
                var xf = (float[])(object)x;
                var gf = (float[]?)(object?)g;
                var df = (float[])(object)d;
                NativeParallel.For(n, ActivationGrain, (start, end) => GeluMath.ExactFloat(xf, gf, df, start, end));
                return NativeTensors.Wrap(B, d, X.Shape);
            }
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

    private const int Block = 512;

    /// <summary>
    /// Exact GELU (g null) or g times its derivative on float32 x[start..end), in SIMD blocks: the erfc fit of
    /// <see cref="OnePlusErf"/> in float lanes, both exponentials by the vectorised TensorPrimitives.Exp. In float the
    /// exponent -z^2 carries a relative error of about 2^-24 times its size, so far out on the negative tail (x = -9:
    /// GELU about -1e-18) the result keeps about 5 digits; elsewhere it is within a few ulp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ExactFloat(float[] x, float[]? g, float[] d, int start, int end)
    {
        Span<float> t = stackalloc float[Block], e1 = stackalloc float[Block], e2 = stackalloc float[Block];
        int w = Vector<float>.Count;
        var half = new Vector<float>(0.5f);
        var one = Vector<float>.One;
        var two = new Vector<float>(2f);
        var c1 = new Vector<float>((float)Sqrt1Over2);
        var k = new Vector<float>((float)InvSqrt2Pi);
        for (int s = start; s < end; s += Block)
        {
            int len = Math.Min(Block, end - s), vlen = len - len % w;
            for (int i = 0; i < vlen; i += w)
            {
                var xv = new Vector<float>(x, s + i);
                var a = Vector.Abs(xv * c1);
                var ti = one / (one + half * a);
                var p = new Vector<float>(0.17087277f);
                p = p * ti + new Vector<float>(-0.82215223f);
                p = p * ti + new Vector<float>(1.48851587f);
                p = p * ti + new Vector<float>(-1.13520398f);
                p = p * ti + new Vector<float>(0.27886807f);
                p = p * ti + new Vector<float>(-0.18628806f);
                p = p * ti + new Vector<float>(0.09678418f);
                p = p * ti + new Vector<float>(0.37409196f);
                p = p * ti + new Vector<float>(1.00002368f);
                p = p * ti + new Vector<float>(-1.26551223f);
                ti.CopyTo(t[i..]);
                (p - a * a).CopyTo(e1[i..]);
                (-half * xv * xv).CopyTo(e2[i..]);
            }
            System.Numerics.Tensors.TensorPrimitives.Exp(e1[..vlen], e1[..vlen]);
            if (g is not null) System.Numerics.Tensors.TensorPrimitives.Exp(e2[..vlen], e2[..vlen]);
            for (int i = 0; i < vlen; i += w)
            {
                var xv = new Vector<float>(x, s + i);
                var erfc = new Vector<float>(t[i..]) * new Vector<float>(e1[i..]);
                var onePlusErf = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(xv, Vector<float>.Zero), two - erfc, erfc);
                var r = g is null
                    ? half * xv * onePlusErf
                    : new Vector<float>(g, s + i) * (half * onePlusErf + xv * k * new Vector<float>(e2[i..]));
                r.CopyTo(d, s + i);
            }
            for (int i = vlen; i < len; i++)
            {
                double xi = x[s + i];
                d[s + i] = g is null ? (float)Value(xi, false, true) : (float)(g[s + i] * Derivative(xi, false, true));
            }
        }
    }

    public static double Derivative(double x, bool approximate, bool single)
    {
        if (!approximate) return 0.5 * OnePlusErf(x * Sqrt1Over2, single) + x * InvSqrt2Pi * Math.Exp(-0.5 * x * x);
        double t = Math.Tanh(Sqrt2OverPi * (x + Cubic * x * x * x));
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * Sqrt2OverPi * (1 + 3 * Cubic * x * x);
    }
}
