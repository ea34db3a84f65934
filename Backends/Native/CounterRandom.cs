using System.Numerics;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Counter-based random numbers: element i is a hash of (seed, i), so values never depend on how the
/// work is split across threads.
/// </summary>
internal static class CounterRandom
{
    private const int Grain = 1 << 14;

    /// <summary>SplitMix64 finaliser of a pre-hashed key plus a counter.</summary>
    internal static ulong Bits(ulong key, ulong counter)
    {
        ulong z = key + 0x9E3779B97F4A7C15UL * (counter + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    // Hash the seed once more, so nearby seeds give unrelated streams rather than shifted ones.
    internal static ulong Key(ulong seed) => Bits(seed ^ 0xD1B54A32D192ED03UL, 0x5851F42D4C957F2DUL);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    internal static double Unit53(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, 1) with 24 random bits (exactly representable as float).</summary>
    internal static float Unit24(ulong bits) => (bits >> 40) * (1.0f / (1 << 24));

    public static T[] Uniform<T>(int n, double low, double high, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var d = NativeTensors.Alloc<T>(n);
        ulong key = Key(seed);
        T lo = T.CreateTruncating(low), span = T.CreateTruncating(high - low), hi = T.CreateTruncating(high);
        NativeParallel.For(n, Grain, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
        {
            for (int i = s; i < e; i++)
            {
                ulong b = Bits(key, (ulong)i);
                T u = typeof(T) == typeof(float) ? T.CreateTruncating(Unit24(b)) : T.CreateTruncating(Unit53(b));
                T v = lo + span * u;
                d[i] = v < hi || !(hi > lo) ? v : T.BitDecrement(hi); // rounding must not reach high
            }
        });
        return d;
    }

    /// <summary><paramref name="value"/> where a 24-bit uniform draw falls under <paramref name="p"/> (in float32), else 0.</summary>
    public static T[] Bernoulli<T>(int n, double p, double value, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var d = NativeTensors.Alloc<T>(n);
        ulong key = Key(seed);
        float limit = (float)p;
        T hit = T.CreateTruncating(value);
        NativeParallel.For(n, Grain, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
        {
            for (int i = s; i < e; i++) d[i] = BernoulliHit(key, i, limit) ? hit : T.Zero;
        });
        return d;
    }

    /// <summary>The key <see cref="Bernoulli{T}"/> derives from <paramref name="seed"/>, for kernels that draw its values one by one.</summary>
    public static ulong BernoulliKey(ulong seed) => Key(seed);

    /// <summary>
    /// Whether element <paramref name="index"/> of <see cref="Bernoulli{T}"/> with this key and limit ((float)p) holds the
    /// value rather than 0: the fused attention kernels drop exactly the weights the composed op's mask drops.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BernoulliHit(ulong key, int index, float limit) => Unit24(Bits(key, (ulong)index)) < limit;

    /// <summary>Box-Muller on the pair (2p, 2p+1): element 2p takes the cosine branch, 2p+1 the sine.</summary>
    public static T[] Normal<T>(int n, double mean, double std, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var d = NativeTensors.Alloc<T>(n);
        ulong key = Key(seed);
        NativeParallel.For(n, Grain, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
        {
            for (int i = s; i < e; i++)
            {
                ulong pair = (ulong)(i >> 1);
                double u1 = 1.0 - Unit53(Bits(key, 2 * pair)); // (0, 1]: log is finite
                double u2 = Unit53(Bits(key, 2 * pair + 1));
                double r = Math.Sqrt(-2.0 * Math.Log(u1));
                double angle = 2.0 * Math.PI * u2;
                double z = (i & 1) == 0 ? r * Math.Cos(angle) : r * Math.Sin(angle);
                d[i] = T.CreateTruncating(mean + std * z);
            }
        });
        return d;
    }
}
