using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KerasSharp.Backends.Native;

/// <summary>
/// The float32 gate pass of one batch row of one step of <see cref="RecurrentKernel"/> on AVX-512, each cell's
/// arithmetic in one vector pass with <see cref="FloatActivations"/>: from the step's projection (without its bias,
/// added here) to the gates, the new states and the output row. The whole-row primitives it replaces read and wrote
/// every gate row five or six times and spent about 0.6 ns per sigmoid or tanh, and the projection GEMM added the bias
/// in a pass of its own (LSTM(256), 100 steps at batch 64, one thread: the gate passes took 8-11 ms of a 73-76 ms
/// forward, now 4-6 ms).
/// The saved gates are written only when <c>g</c> is not empty (a backward will read them). A row's tail goes through
/// the vector code one lane at a time.
/// </summary>
internal static class RecurrentStepFloat
{
    private static Vector512<float> V(ReadOnlySpan<float> s, int j) => Vector512.Create(s.Slice(j, 16));

    private static Vector512<float> S(ReadOnlySpan<float> s, int j) => Vector512.Create(s[j]);

    /// <summary>h = act(x + b); the output row gets h too.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SimpleRnn(ReadOnlySpan<float> x, ReadOnlySpan<float> b, Span<float> h, Span<float> output, RecurrentActivation act)
    {
        int u = h.Length, j = 0;
        for (; j <= u - 16; j += 16)
        {
            var y = FloatActivations.Apply(V(x, j) + V(b, j), act);
            y.CopyTo(h[j..]);
            y.CopyTo(output[j..]);
        }
        for (; j < u; j++) output[j] = h[j] = FloatActivations.Scalar(x[j] + b[j], act);
    }

    /// <summary>
    /// LSTM, z = x + b = [i, f, g, o] pre-activations: c = f·c_prev + i·g, h = o·act(c); saved g = [i, f, g, o, act(c)].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Lstm(ReadOnlySpan<float> x, ReadOnlySpan<float> b, ReadOnlySpan<float> cPrev, Span<float> g, Span<float> c, Span<float> h,
        Span<float> output, RecurrenceOptions o)
    {
        int u = c.Length, j = 0;
        bool save = !g.IsEmpty;
        for (; j <= u - 16; j += 16)
        {
            Lstm(V(x, j) + V(b, j), V(x, u + j) + V(b, u + j), V(x, 2 * u + j) + V(b, 2 * u + j), V(x, 3 * u + j) + V(b, 3 * u + j), V(cPrev, j), o,
                out var i, out var f, out var gg, out var og, out var ac, out var cn, out var hn);
            if (save)
            {
                i.CopyTo(g[j..]);
                f.CopyTo(g[(u + j)..]);
                gg.CopyTo(g[(2 * u + j)..]);
                og.CopyTo(g[(3 * u + j)..]);
                ac.CopyTo(g[(4 * u + j)..]);
            }
            cn.CopyTo(c[j..]);
            hn.CopyTo(h[j..]);
            hn.CopyTo(output[j..]);
        }
        for (; j < u; j++)
        {
            Lstm(S(x, j) + S(b, j), S(x, u + j) + S(b, u + j), S(x, 2 * u + j) + S(b, 2 * u + j), S(x, 3 * u + j) + S(b, 3 * u + j), S(cPrev, j), o,
                out var i, out var f, out var gg, out var og, out var ac, out var cn, out var hn);
            if (save)
            {
                g[j] = i.ToScalar();
                g[u + j] = f.ToScalar();
                g[2 * u + j] = gg.ToScalar();
                g[3 * u + j] = og.ToScalar();
                g[4 * u + j] = ac.ToScalar();
            }
            c[j] = cn.ToScalar();
            output[j] = h[j] = hn.ToScalar();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Lstm(Vector512<float> zi, Vector512<float> zf, Vector512<float> zg, Vector512<float> zo, Vector512<float> cPrev, RecurrenceOptions o,
        out Vector512<float> i, out Vector512<float> f, out Vector512<float> g, out Vector512<float> og, out Vector512<float> ac, out Vector512<float> c,
        out Vector512<float> h)
    {
        i = FloatActivations.Apply(zi, o.RecurrentActivation);
        f = FloatActivations.Apply(zf, o.RecurrentActivation);
        g = FloatActivations.Apply(zg, o.Activation);
        og = FloatActivations.Apply(zo, o.RecurrentActivation);
        c = Vector512.FusedMultiplyAdd(i, g, f * cPrev);
        ac = FloatActivations.Apply(c, o.Activation);
        h = ac * og;
    }

    /// <summary>
    /// GRU (reset after), x + b = [x_z, x_r, x_h] the input projection and uh = h_prev·R + rb: z = rec(x_z + u_z),
    /// r = rec(x_r + u_r), n = act(x_h + r·u_h), h = n + z·(h_prev - n); saved g = [z, r, n, u_h].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gru(ReadOnlySpan<float> x, ReadOnlySpan<float> b, ReadOnlySpan<float> uh, ReadOnlySpan<float> hPrev, Span<float> g, Span<float> h,
        Span<float> output, RecurrenceOptions o)
    {
        int u = h.Length, j = 0;
        bool save = !g.IsEmpty;
        for (; j <= u - 16; j += 16)
        {
            var un = V(uh, 2 * u + j);
            var (zz, r, n, hn) = Gru(V(x, j) + V(b, j) + V(uh, j), V(x, u + j) + V(b, u + j) + V(uh, u + j), V(x, 2 * u + j) + V(b, 2 * u + j), un,
                V(hPrev, j), o);
            if (save)
            {
                zz.CopyTo(g[j..]);
                r.CopyTo(g[(u + j)..]);
                n.CopyTo(g[(2 * u + j)..]);
                un.CopyTo(g[(3 * u + j)..]);
            }
            hn.CopyTo(h[j..]);
            hn.CopyTo(output[j..]);
        }
        for (; j < u; j++)
        {
            var (zz, r, n, hn) = Gru(S(x, j) + S(b, j) + S(uh, j), S(x, u + j) + S(b, u + j) + S(uh, u + j), S(x, 2 * u + j) + S(b, 2 * u + j),
                S(uh, 2 * u + j), S(hPrev, j), o);
            if (save)
            {
                g[j] = zz.ToScalar();
                g[u + j] = r.ToScalar();
                g[2 * u + j] = n.ToScalar();
                g[3 * u + j] = uh[2 * u + j];
            }
            output[j] = h[j] = hn.ToScalar();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Z, Vector512<float> R, Vector512<float> N, Vector512<float> H)
        Gru(Vector512<float> zz, Vector512<float> zr, Vector512<float> xh, Vector512<float> un, Vector512<float> hPrev, RecurrenceOptions o)
    {
        var z = FloatActivations.Apply(zz, o.RecurrentActivation);
        var r = FloatActivations.Apply(zr, o.RecurrentActivation);
        var n = FloatActivations.Apply(Vector512.FusedMultiplyAdd(r, un, xh), o.Activation);
        return (z, r, n, Vector512.FusedMultiplyAdd(hPrev - n, z, n));
    }
}
