namespace KerasSharp.Layers;

/// <summary>
/// The seeds of a random layer's calls: from its own generator when the layer has a seed (so calls differ but
/// a run repeats), else null, which makes the op draw from the global generator.
/// </summary>
internal sealed class LayerSeed(long? seed)
{
    private readonly RandomGenerator? _generator = seed is long s ? new RandomGenerator(s) : null;

    public long? Next() => _generator is null ? null : (long)_generator.NextSeed();
}
