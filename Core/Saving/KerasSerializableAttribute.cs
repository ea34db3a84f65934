namespace KerasSharp.Saving;

/// <summary>
/// Registers a custom class (layer, model, loss, metric, initializer, ...) for saving and loading under
/// <c>"package&gt;Name"</c>, as Keras's <c>register_keras_serializable</c> does. A file names the class by that
/// registered name; loading finds the class among the loaded assemblies that carry this attribute (or in the
/// <c>customObjects</c> given to the load call) and never creates a type the file merely names.
/// </summary>
/// <param name="package">The package part of the registered name (Keras's default is "Custom").</param>
/// <param name="name">The name part; the class name when null.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class KerasSerializableAttribute(string package = "Custom", string? name = null) : Attribute
{
    /// <summary>The package part of the registered name.</summary>
    public string Package { get; } = string.IsNullOrWhiteSpace(package) ? throw new ArgumentException("KerasSerializable: the package must not be empty.") : package;

    /// <summary>The name part, or null for the class name.</summary>
    public string? Name { get; } = name;

    /// <summary>"package&gt;Name" for <paramref name="type"/>.</summary>
    public string RegisteredName(Type type) => $"{Package}>{Name ?? type.Name}";
}

/// <summary>
/// The Keras module written for a family of built-in objects ("keras.layers", "keras.losses", ...); put on the
/// base class, it holds for every subclass.
/// </summary>
/// <param name="module">The Keras module name.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class KerasModuleAttribute(string module) : Attribute
{
    /// <summary>The Keras module name.</summary>
    public string Module { get; } = module;
}

/// <summary>Other class names a built-in class is loaded from, as Keras writes them (a functional <c>Model</c> is "Functional").</summary>
/// <param name="names">The Keras class names.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class KerasClassAliasAttribute(params string[] names) : Attribute
{
    /// <summary>The Keras class names.</summary>
    public IReadOnlyList<string> Names { get; } = names;
}
