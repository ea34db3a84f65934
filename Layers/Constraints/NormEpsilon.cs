namespace KerasSharp.Layers;

/// <summary>Keras's backend epsilon, added to norms so an all-zero slice stays finite.</summary>
internal static class NormEpsilon
{
    public const double Value = 1e-7;
}
