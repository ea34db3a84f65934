using System.Numerics;

namespace KerasSharp.Backends.Native;

/// <summary>Scalar special functions the BCL does not provide accurately.</summary>
internal static class SpecialFunctions
{
    private const double TwoOverSqrtPi = 1.1283791670955126;
    private const double OneOverSqrtPi = 0.5641895835477563;

    /// <summary>
    /// erf(x). |x| &lt; 3: the series erf(x) = 2/sqrt(pi) e^(-x^2) sum 2^n x^(2n+1) / (2n+1)!!, whose terms are all
    /// positive (no cancellation, about 1e-16 relative); 3 &lt;= |x| &lt; 6: 1 - erfc(x) with erfc from its
    /// continued fraction; beyond, +-1 exactly in double precision.
    /// </summary>
    /// <param name="x">The argument.</param>
    /// <param name="single">Stop the series at float precision (the result is rounded to float anyway).</param>
    public static double Erf(double x, bool single = false)
    {
        if (double.IsNaN(x)) return x;
        double ax = Math.Abs(x);
        double r;
        if (ax < 3.0)
        {
            double x2 = ax * ax, term = ax, sum = ax, tol = single ? 1e-9 : 1e-17;
            for (int n = 1; n < 200; n++)
            {
                term *= 2.0 * x2 / (2 * n + 1);
                sum += term;
                if (term < tol * sum) break;
            }
            r = TwoOverSqrtPi * Math.Exp(-x2) * sum;
        }
        else if (ax < 6.0)
        {
            r = 1.0 - ErfcContinuedFraction(ax);
        }
        else
        {
            r = 1.0;
        }
        return x < 0 ? -r : r;
    }

    /// <summary>erfc(x) for x &gt;= 3 by the Laplace continued fraction, evaluated with the modified Lentz method.</summary>
    private static double ErfcContinuedFraction(double x)
    {
        // erfc(x) = e^(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
        const double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int n = 1; n < 300; n++)
        {
            double an = n * 0.5;
            d = x + an * d;
            if (Math.Abs(d) < tiny) d = tiny;
            c = x + an / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1.0) < 1e-16) break;
        }
        return Math.Exp(-x * x) * OneOverSqrtPi / f;
    }

    /// <summary>log(1 + x), accurate near 0 (Goldberg's correction of the rounded 1 + x).</summary>
    public static T Log1p<T>(T x) where T : IFloatingPointIeee754<T>
    {
        T u = T.One + x;
        if (u == T.One) return x;
        if (T.IsPositiveInfinity(u)) return T.Log(u);
        return T.Log(u) * x / (u - T.One);
    }

    /// <summary>e^x - 1, accurate near 0 (Kahan's correction).</summary>
    public static T Expm1<T>(T x) where T : IFloatingPointIeee754<T>
    {
        if (T.Abs(x) > T.CreateTruncating(0.5)) return T.Exp(x) - T.One;
        T u = T.Exp(x);
        if (u == T.One) return x;
        T um1 = u - T.One;
        return um1 * x / T.Log(u);
    }
}
