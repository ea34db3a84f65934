namespace KerasSharp.Layers;

/// <summary>Keras's serialized form of a configurable object: <c>{"class_name": ..., "config": {...}}</c>.</summary>
internal static class ConfigOf
{
    public static Dictionary<string, object?>? Describe(Initializer? x) =>
        x is null ? null : new() { ["class_name"] = x.GetType().Name, ["config"] = x.GetConfig() };

    public static Dictionary<string, object?>? Describe(Regularizer? x) =>
        x is null ? null : new() { ["class_name"] = x.GetType().Name, ["config"] = x.GetConfig() };

    public static Dictionary<string, object?>? Describe(Constraint? x) =>
        x is null ? null : new() { ["class_name"] = x.GetType().Name, ["config"] = x.GetConfig() };
}
