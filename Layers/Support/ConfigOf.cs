namespace KerasSharp.Layers;

/// <summary>Keras's serialized form of a nested configurable object (an initializer in a layer's config, ...).</summary>
internal static class ConfigOf
{
    public static Dictionary<string, object?>? Describe(IKerasConfigurable? x) => x is null ? null : KerasObjects.Serialize(x);
}
