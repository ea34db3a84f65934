namespace KerasSharp;

/// <summary>
/// A seeded source of sub-seeds for random ops. Each draw advances a counter, so a run with the same seed
/// makes the same sequence of random tensors on any thread count.
/// </summary>
public sealed class RandomGenerator
{
    private ulong _seed;
    private ulong _counter;
    private readonly Lock _gate = new();

    /// <summary>The process-wide generator used when an op gets no seed (seeded by <see cref="Config.SetSeed"/>, else from the clock).</summary>
    public static RandomGenerator Global { get; } = new((long)(ulong)DateTime.UtcNow.Ticks);

    /// <summary>A generator starting from <paramref name="seed"/>.</summary>
    public RandomGenerator(long seed) => Reset(seed);

    /// <summary>Restarts from <paramref name="seed"/>.</summary>
    public void Reset(long seed)
    {
        lock (_gate) { _seed = (ulong)seed; _counter = 0; }
    }

    /// <summary>
    /// The generator's whole state: its seed and how many sub-seeds it has handed out. Saving it and setting it back
    /// later makes the generator continue exactly where it was (checkpoints, resumed training).
    /// </summary>
    public (ulong Seed, ulong Counter) State
    {
        get { lock (_gate) return (_seed, _counter); }
        set { lock (_gate) (_seed, _counter) = value; }
    }

    /// <summary>The next 64-bit sub-seed.</summary>
    public ulong NextSeed()
    {
        lock (_gate) return Mix(_seed, _counter++);
    }

    /// <summary>SplitMix64 finaliser of (seed, stream): a well-spread 64-bit value.</summary>
    public static ulong Mix(ulong seed, ulong stream)
    {
        ulong z = seed + 0x9E3779B97F4A7C15UL * (stream + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
