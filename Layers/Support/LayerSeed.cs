namespace KerasSharp.Layers;

/// <summary>
/// The seeds of a random layer's calls (Keras's SeedGenerator): the layer's own generator, seeded by the layer's
/// <c>seed</c> argument or, without one, from the global generator at the first call, so calls differ, a seeded
/// run repeats, and the generator's state can be saved with the model and restored to continue exactly.
/// A custom layer keeps one in a field (one per random draw site) and passes <see cref="Next"/> to the random op;
/// saving finds it there.
/// </summary>
/// <param name="seed">The layer's seed argument; null draws one from the global generator at the first call.</param>
public sealed class LayerSeed(long? seed)
{
    private RandomGenerator? _generator = seed is long s ? new RandomGenerator(s) : null;

    /// <summary>The seed for this call's random op.</summary>
    public long Next()
    {
        _generator ??= new RandomGenerator((long)RandomGenerator.Global.NextSeed());
        return (long)_generator.NextSeed();
    }

    /// <summary>[seed, count] of the generator, or [0, -1] before it has drawn anything.</summary>
    public long[] State
    {
        get => _generator is null ? [0, -1] : [(long)_generator.State.Seed, (long)_generator.State.Counter];
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Length != 2) throw new ArgumentException($"A seed generator's state has 2 values, got {value.Length}.");
            if (value[1] < 0) { _generator = seed is long s ? new RandomGenerator(s) : null; return; }
            _generator ??= new RandomGenerator(value[0]);
            _generator.State = ((ulong)value[0], (ulong)value[1]);
        }
    }
}
