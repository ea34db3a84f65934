using System.Numerics;

namespace KerasSharp.Backends.Native;

/// <summary>
/// One pass of the Adam update over a chunk: reads value, gradient and both moments once and writes the three
/// results, instead of the ten passes and temporaries of the composed update.
/// </summary>
internal static class AdamKernel
{
    public static void Run<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> g, ReadOnlySpan<T> m, ReadOnlySpan<T> v,
                              Span<T> wOut, Span<T> mOut, Span<T> vOut, AdamCoefficients c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T stepSize = T.CreateChecked(c.StepSize), keep1 = T.CreateChecked(1 - c.Beta1), keep2 = T.CreateChecked(1 - c.Beta2);
        T epsilon = T.CreateChecked(c.Epsilon);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vStep = new Vector<T>(stepSize);
            var vKeep1 = new Vector<T>(keep1);
            var vKeep2 = new Vector<T>(keep2);
            var vEps = new Vector<T>(epsilon);
            for (; i <= w.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var gi = new Vector<T>(g.Slice(i));
                var mi = new Vector<T>(m.Slice(i));
                var vi = new Vector<T>(v.Slice(i));
                var mNew = mi + (gi - mi) * vKeep1;
                var vNew = vi + (gi * gi - vi) * vKeep2;
                mNew.CopyTo(mOut.Slice(i));
                vNew.CopyTo(vOut.Slice(i));
                (new Vector<T>(w.Slice(i)) - mNew * vStep / (Vector.SquareRoot(vNew) + vEps)).CopyTo(wOut.Slice(i));
            }
        }
        for (; i < w.Length; i++)
        {
            T mNew = m[i] + (g[i] - m[i]) * keep1;
            T vNew = v[i] + (g[i] * g[i] - v[i]) * keep2;
            mOut[i] = mNew;
            vOut[i] = vNew;
            wOut[i] = w[i] - mNew * stepSize / (T.Sqrt(vNew) + epsilon);
        }
    }
}
