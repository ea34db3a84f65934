using System.Numerics;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// The per-row gate gradients of the native recurrence's backward, one vector pass each (<see cref="Vector{T}"/>, a
/// scalar tail): from the gradient of the new state and the saved activations to the gradient of the gate
/// pre-activations (dz, the part multiplied by R; dx, the part from the input projection) and of the carried states.
/// Activation derivatives are taken from the activations' outputs.
/// </summary>
internal static class RecurrentGates
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> D<T>(Vector<T> y, RecurrentActivation a) where T : unmanaged, IFloatingPointIeee754<T> => a switch
    {
        RecurrentActivation.Tanh => Vector<T>.One - y * y,
        RecurrentActivation.Sigmoid => y * (Vector<T>.One - y),
        RecurrentActivation.Relu => Vector.ConditionalSelect(Vector.GreaterThan(y, Vector<T>.Zero), Vector<T>.One, Vector<T>.Zero),
        _ => Vector<T>.One,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T D<T>(T y, RecurrentActivation a) where T : unmanaged, IFloatingPointIeee754<T> => a switch
    {
        RecurrentActivation.Tanh => T.One - y * y,
        RecurrentActivation.Sigmoid => y * (T.One - y),
        RecurrentActivation.Relu => y > T.Zero ? T.One : T.Zero,
        _ => T.One,
    };

    private static Vector<T> V<T>(ReadOnlySpan<T> s, int j) where T : unmanaged => new(s[j..]);

    /// <summary>h = act(z): dz = dh·act'(z) (also dx); dh is cleared (dz·Rᵀ is added to it next).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SimpleRnn<T>(Span<T> dh, ReadOnlySpan<T> h, RecurrentActivation act, Span<T> dz) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int u = dh.Length, j = 0, w = Vector<T>.Count;
        for (; j <= u - w; j += w) (V<T>(dh, j) * D(V(h, j), act)).CopyTo(dz[j..]);
        for (; j < u; j++) dz[j] = dh[j] * D(h[j], act);
        dh.Clear();
    }

    /// <summary>
    /// LSTM, saved g = [i, f, g, o, act(c)]: dc_t = dc + dh·o·act'(c); dz = [dc_t·g·i', dc_t·c_prev·f', dc_t·i·g', dh·act(c)·o']
    /// into both dz and dx; dc becomes dc_t·f; dh is cleared.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Lstm<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> cPrev, Span<T> dh, Span<T> dc, RecurrenceOptions o, Span<T> dz, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int u = dh.Length, j = 0, w = Vector<T>.Count;
        var act = o.Activation;
        var rec = o.RecurrentActivation;
        var gi = g[..u];
        var gf = g.Slice(u, u);
        var gg = g.Slice(2 * u, u);
        var go = g.Slice(3 * u, u);
        var ac = g.Slice(4 * u, u);
        for (; j <= u - w; j += w)
        {
            Vector<T> i = V(gi, j), f = V(gf, j), c = V(gg, j), og = V(go, j), a = V(ac, j), h = V<T>(dh, j);
            var dct = V<T>(dc, j) + h * og * D(a, act);
            var di = dct * c * D(i, rec);
            var df = dct * V(cPrev, j) * D(f, rec);
            var dg = dct * i * D(c, act);
            var dog = h * a * D(og, rec);
            di.CopyTo(dz[j..]); di.CopyTo(dx[j..]);
            df.CopyTo(dz[(u + j)..]); df.CopyTo(dx[(u + j)..]);
            dg.CopyTo(dz[(2 * u + j)..]); dg.CopyTo(dx[(2 * u + j)..]);
            dog.CopyTo(dz[(3 * u + j)..]); dog.CopyTo(dx[(3 * u + j)..]);
            (dct * f).CopyTo(dc[j..]);
        }
        for (; j < u; j++)
        {
            T i = gi[j], f = gf[j], c = gg[j], og = go[j], a = ac[j], h = dh[j];
            T dct = dc[j] + h * og * D(a, act);
            dz[j] = dx[j] = dct * c * D(i, rec);
            dz[u + j] = dx[u + j] = dct * cPrev[j] * D(f, rec);
            dz[2 * u + j] = dx[2 * u + j] = dct * i * D(c, act);
            dz[3 * u + j] = dx[3 * u + j] = h * a * D(og, rec);
            dc[j] = dct * f;
        }
        dh.Clear();
    }

    /// <summary>
    /// GRU (reset after), saved g = [z, r, n, u_h], h = n + z·(h_prev - n): dn = dh·(1-z)·n', dz_z = dh·(h_prev-n)·z',
    /// dr = dn·u_h·r'; dx = [dz_z, dr, dn], dz = [dz_z, dr, dn·r]; dh becomes dh·z (the direct path to h_prev).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gru<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> hPrev, Span<T> dh, RecurrenceOptions o, Span<T> dz, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int u = dh.Length, j = 0, w = Vector<T>.Count;
        var act = o.Activation;
        var rec = o.RecurrentActivation;
        var gz = g[..u];
        var gr = g.Slice(u, u);
        var gn = g.Slice(2 * u, u);
        var gu = g.Slice(3 * u, u);
        for (; j <= u - w; j += w)
        {
            Vector<T> z = V(gz, j), r = V(gr, j), n = V(gn, j), uh = V(gu, j), h = V<T>(dh, j);
            var dn = h * (Vector<T>.One - z) * D(n, act);
            var dzz = h * (V(hPrev, j) - n) * D(z, rec);
            var dr = dn * uh * D(r, rec);
            dzz.CopyTo(dx[j..]); dzz.CopyTo(dz[j..]);
            dr.CopyTo(dx[(u + j)..]); dr.CopyTo(dz[(u + j)..]);
            dn.CopyTo(dx[(2 * u + j)..]); (dn * r).CopyTo(dz[(2 * u + j)..]);
            (h * z).CopyTo(dh[j..]);
        }
        for (; j < u; j++)
        {
            T z = gz[j], r = gr[j], n = gn[j], uh = gu[j], h = dh[j];
            T dn = h * (T.One - z) * D(n, act);
            T dzz = h * (hPrev[j] - n) * D(z, rec);
            T dr = dn * uh * D(r, rec);
            dx[j] = dz[j] = dzz;
            dx[u + j] = dz[u + j] = dr;
            dx[2 * u + j] = dn;
            dz[2 * u + j] = dn * r;
            dh[j] = h * z;
        }
    }
}
