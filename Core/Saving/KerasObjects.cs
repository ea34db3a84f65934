using System.Reflection;

namespace KerasSharp.Saving;

/// <summary>
/// Keras 3's object format: <c>{"module": ..., "class_name": ..., "config": {...}, "registered_name": ...}</c>
/// (plus <c>build_config</c> and <c>compile_config</c> for layers and models), as <c>serialize_keras_object</c>
/// and <c>deserialize_keras_object</c> read and write it.
/// </summary>
public static class KerasObjects
{
    private static readonly AsyncLocal<IReadOnlyDictionary<string, Type>?> Custom = new();

    /// <summary>The object's Keras form; nested configurable objects in its config are serialized in place.</summary>
    /// <exception cref="InvalidOperationException">The object holds something a file cannot (a C# delegate): the message names the object and says what to do.</exception>
    public static Dictionary<string, object?> Serialize(IKerasConfigurable obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var type = obj.GetType();
        var result = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["module"] = SerializableTypes.ModuleOf(type),
            ["class_name"] = ClassNameOf(type),
            ["config"] = SerializeValue(obj.GetConfig(), obj),
            ["registered_name"] = SerializableTypes.RegisteredName(type),
        };
        if (!SerializableTypes.IsBuiltIn(type))
        {
            if (result["registered_name"] is null)
                throw new InvalidOperationException(
                    $"{Describe(obj)} is a custom {type.BaseType?.Name ?? "class"} that is not registered: mark {type.Name} with " +
                    $"[KerasSerializable(\"my_package\")] so a file can name it, and give it a GetConfig that returns its constructor arguments.");
            // Built-in classes are held to this by their round-trip tests; a custom one is checked as it is saved.
            if (ConfigBinder.WhyNotBuildable(type, (Dictionary<string, object?>)result["config"]!) is { } why)
                throw new InvalidOperationException(
                    $"Cannot save {Describe(obj)}: its GetConfig cannot rebuild it ({why}). Return every constructor argument " +
                    "from GetConfig under its snake_case name, or give the class a static FromConfig.");
        }
        if (obj is IKerasBuildable buildable && buildable.GetBuildConfig() is { } build) result["build_config"] = SerializeValue(build, obj);
        if (obj is IKerasCompilable compilable && compilable.GetCompileConfig() is { } compile) result["compile_config"] = SerializeValue(compile, obj);
        return result;
    }

    /// <summary>The class name written for <paramref name="type"/>: Keras's name for a built-in class with an alias ("Functional"), else the class name.</summary>
    public static string ClassNameOf(Type type) =>
        SerializableTypes.IsBuiltIn(type) && type.GetCustomAttribute<KerasClassAliasAttribute>(false) is { Names.Count: > 0 } alias ? alias.Names[0] : type.Name;

    /// <summary>
    /// Rebuilds an object of kind <typeparamref name="T"/> from its Keras form or, for the kinds Keras names by a
    /// string ("glorot_uniform", "adam"), from the name.
    /// </summary>
    /// <param name="config">A dictionary in Keras's object format, or a name.</param>
    /// <param name="customObjects">Custom classes by class name or registered name (besides those marked <see cref="KerasSerializableAttribute"/>).</param>
    /// <exception cref="ArgumentException">The config is malformed, names an unknown class, or does not fit the class.</exception>
    public static T Deserialize<T>(object config, IReadOnlyDictionary<string, Type>? customObjects = null) where T : class
    {
        ArgumentNullException.ThrowIfNull(config);
        using var scope = customObjects is null ? null : new CustomObjectScope(customObjects);
        if (config is string name)
        {
            if (ConfigBinder.TryConvert(name, typeof(T), out var named, out var why) && named is T t) return t;
            throw new ArgumentException($"Cannot make a {typeof(T).Name} from '{name}': {why}");
        }
        if (config is not Dictionary<string, object?> dict)
            throw new ArgumentException($"A serialized {typeof(T).Name} must be a JSON object or a name, got {ConfigJson.Write(config)}.");
        return (T)Deserialize(dict, typeof(T));
    }

    /// <summary>True when <paramref name="value"/> has the shape of a serialized object (class_name and config).</summary>
    public static bool IsSerializedObject(Dictionary<string, object?> value) =>
        value.TryGetValue("class_name", out var c) && c is string && value.ContainsKey("config");

    /// <summary>The custom objects given to the load that is running (for a class's own FromConfig).</summary>
    public static IReadOnlyDictionary<string, Type>? CurrentCustomObjects => Custom.Value;

    internal static object Deserialize(Dictionary<string, object?> dict, Type expected)
    {
        if (!IsSerializedObject(dict))
            throw new ArgumentException($"A serialized {expected.Name} needs \"class_name\" and \"config\"; got the keys {string.Join(", ", dict.Keys)}.");
        string className = (string)dict["class_name"]!;
        string? registered = dict.GetValueOrDefault("registered_name") as string;
        var config = dict["config"] switch
        {
            Dictionary<string, object?> c => c,
            null => new Dictionary<string, object?>(),
            var other => throw new ArgumentException($"The config of '{className}' must be a JSON object, got {ConfigJson.Write(other)}."),
        };
        var type = SerializableTypes.Resolve(expected, className, registered, Custom.Value);
        string what = config.GetValueOrDefault("name") is string n ? $"{className} '{n}'" : className;
        var obj = ConfigBinder.Construct(type, config, what);
        if (obj is IKerasBuildable buildable && dict.GetValueOrDefault("build_config") is Dictionary<string, object?> build)
            buildable.BuildFromConfig(build);
        if (obj is IKerasCompilable compilable && dict.GetValueOrDefault("compile_config") is Dictionary<string, object?> compile)
            compilable.CompileFromConfig(compile);
        return obj;
    }

    private static object? SerializeValue(object? value, IKerasConfigurable owner) => value switch
    {
        null or string or bool => value,
        NotSerializable n => throw new InvalidOperationException($"Cannot save {Describe(owner)}: {n.Reason}"),
        IKerasConfigurable nested => Serialize(nested),
        Dictionary<string, object?> d => d.ToDictionary(kv => kv.Key, kv => SerializeValue(kv.Value, owner), StringComparer.Ordinal),
        System.Collections.IDictionary d => d.Keys.Cast<object>().ToDictionary(k => k.ToString()!, k => SerializeValue(d[k], owner), StringComparer.Ordinal),
        System.Collections.IEnumerable list => list.Cast<object?>().Select(v => SerializeValue(v, owner)).ToList(),
        _ => value,
    };

    private static string Describe(IKerasConfigurable obj) =>
        obj.GetType().GetProperty("Name")?.GetValue(obj) is string name ? $"{obj.GetType().Name} '{name}'" : obj.GetType().Name;

    private sealed class CustomObjectScope : IDisposable
    {
        private readonly IReadOnlyDictionary<string, Type>? _previous;

        public CustomObjectScope(IReadOnlyDictionary<string, Type> objects)
        {
            _previous = Custom.Value;
            if (_previous is null) Custom.Value = objects;
            else
            {
                var merged = new Dictionary<string, Type>(_previous);
                foreach (var (k, v) in objects) merged[k] = v;
                Custom.Value = merged;
            }
        }

        public void Dispose() => Custom.Value = _previous;
    }
}

/// <summary>A layer or model that records the input shapes it was built with (Keras's <c>build_config</c>).</summary>
public interface IKerasBuildable
{
    /// <summary>The build config (<c>{"input_shape": [...]}</c>), or null when not built.</summary>
    Dictionary<string, object?>? GetBuildConfig();

    /// <summary>Builds from a build config read from a file.</summary>
    void BuildFromConfig(Dictionary<string, object?> buildConfig);
}

/// <summary>A model that records how it was compiled (Keras's <c>compile_config</c>).</summary>
public interface IKerasCompilable
{
    /// <summary>The compile config (optimizer, loss, metrics, loss weights), or null when not compiled.</summary>
    Dictionary<string, object?>? GetCompileConfig();

    /// <summary>Compiles from a compile config read from a file.</summary>
    void CompileFromConfig(Dictionary<string, object?> compileConfig);
}
