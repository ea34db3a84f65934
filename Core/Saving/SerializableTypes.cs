using System.Reflection;

namespace KerasSharp.Saving;

/// <summary>
/// Finds the class a config names. Only three kinds of class are ever created from a file: KerasSharp's own
/// public classes (by class name or <see cref="KerasClassAliasAttribute"/>), classes marked
/// <see cref="KerasSerializableAttribute"/> in a loaded assembly (by registered name) and the classes given as
/// custom objects; each must derive from the kind the caller expects (a layer where a layer goes).
/// </summary>
public static class SerializableTypes
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<Assembly> Scanned = [];
    private static readonly Dictionary<string, List<Type>> BuiltIns = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, Type> Registered = new(StringComparer.Ordinal);

    /// <summary>The class for a config's <c>class_name</c> and <c>registered_name</c>.</summary>
    /// <param name="expected">The kind of object wanted (Layer, Initializer, Loss, ...).</param>
    /// <param name="className">The config's class_name.</param>
    /// <param name="registeredName">The config's registered_name (null for built-in classes).</param>
    /// <param name="customObjects">Classes by class name or registered name, given by the caller.</param>
    /// <exception cref="ArgumentException">No such class is known, or it is not a <paramref name="expected"/>.</exception>
    public static Type Resolve(Type expected, string className, string? registeredName, IReadOnlyDictionary<string, Type>? customObjects)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(className);
        Type? found = null;
        if (customObjects is not null)
            found = (registeredName is not null ? customObjects.GetValueOrDefault(registeredName) : null) ?? customObjects.GetValueOrDefault(className);
        lock (Gate)
        {
            ScanNewAssemblies();
            if (found is null && registeredName is not null) found = Registered.GetValueOrDefault(registeredName);
            if (found is null && BuiltIns.TryGetValue(className, out var candidates))
                found = candidates.FirstOrDefault(expected.IsAssignableFrom);
        }
        if (found is null)
        {
            string what = registeredName is not null && registeredName != className ? $"'{className}' (registered as '{registeredName}')" : $"'{className}'";
            throw new ArgumentException(
                $"Unknown {KindName(expected)} class {what}. A custom class must be registered: mark it [KerasSerializable(\"package\")] " +
                $"or pass it in customObjects (e.g. customObjects: new() {{ [\"{className}\"] = typeof({className}) }}).");
        }
        if (!expected.IsAssignableFrom(found))
            throw new ArgumentException($"Class '{className}' resolves to {found.FullName}, which is not a {KindName(expected)}.");
        return found;
    }

    /// <summary>The registered name of <paramref name="type"/> ("package&gt;Name"), or null for a built-in or unregistered class.</summary>
    public static string? RegisteredName(Type type) =>
        type.GetCustomAttribute<KerasSerializableAttribute>(inherit: false)?.RegisteredName(type);

    /// <summary>True for KerasSharp's own classes, which files name by class name alone.</summary>
    public static bool IsBuiltIn(Type type) => IsOwnAssembly(type.Assembly) && type.GetCustomAttribute<KerasSerializableAttribute>(false) is null;

    /// <summary>The Keras module written for <paramref name="type"/>: its family's module for built-ins, else its namespace.</summary>
    public static string? ModuleOf(Type type) =>
        IsBuiltIn(type) ? type.GetCustomAttribute<KerasModuleAttribute>(inherit: true)?.Module ?? type.Namespace : type.Namespace;

    private static string KindName(Type t) => t == typeof(object) ? "object" : LayerKind(t.Name);

    private static string LayerKind(string name) => name.ToLowerInvariant() switch
    {
        "learningrateschedule" => "learning-rate schedule",
        var n => n,
    };

    // The product's assemblies (test and sample assemblies are users like any other: their classes must register).
    private static readonly HashSet<string> OwnAssemblies =
        ["KerasSharp.Core", "KerasSharp.Layers", "KerasSharp.Models", "KerasSharp.Callbacks", "KerasSharp.Datasets", "KerasSharp.ModelZoo"];

    private static bool IsOwnAssembly(Assembly a) => OwnAssemblies.Contains(a.GetName().Name ?? "");

    private static void ScanNewAssemblies()
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.IsDynamic || !Scanned.Add(assembly)) continue;
            string name = assembly.GetName().Name ?? "";
            // The framework's assemblies hold no Keras classes; skipping them keeps the first load quick.
            if (name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal) ||
                name is "System" or "mscorlib" or "netstandard") continue;
            foreach (var type in LoadableTypes(assembly))
            {
                if (!type.IsClass || type.IsAbstract || type.IsGenericTypeDefinition) continue;
                var registration = type.GetCustomAttribute<KerasSerializableAttribute>(inherit: false);
                if (registration is not null)
                {
                    string key = registration.RegisteredName(type);
                    if (Registered.TryGetValue(key, out var other) && other != type)
                        throw new InvalidOperationException($"Two classes are registered as '{key}': {other.FullName} and {type.FullName}.");
                    Registered[key] = type;
                }
                else if (IsOwnAssembly(assembly) && type.IsPublic && typeof(IKerasConfigurable).IsAssignableFrom(type))
                {
                    AddBuiltIn(type.Name, type);
                    foreach (var alias in type.GetCustomAttribute<KerasClassAliasAttribute>(false)?.Names ?? []) AddBuiltIn(alias, type);
                }
            }
        }
    }

    private static void AddBuiltIn(string name, Type type)
    {
        if (!BuiltIns.TryGetValue(name, out var list)) BuiltIns[name] = list = [];
        list.Add(type);
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { return e.Types.Where(t => t is not null)!; }
    }
}
