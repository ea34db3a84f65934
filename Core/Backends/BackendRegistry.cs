using System.Reflection;

namespace KerasSharp.Backends;

/// <summary>
/// Marks an assembly as providing a backend, so the registry can find it by name at run time
/// without Core referencing the backend project.
/// </summary>
/// <param name="name">The backend's name ("native", "torch").</param>
/// <param name="backendType">A public type implementing <see cref="IBackend"/> with a public parameterless constructor.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class KerasSharpBackendAttribute(string name, Type backendType) : Attribute
{
    /// <summary>The backend's name.</summary>
    public string Name { get; } = name;
    /// <summary>The implementing type.</summary>
    public Type BackendType { get; } = backendType;
}

/// <summary>Finds and creates backends by name.</summary>
public static class BackendRegistry
{
    private static readonly Dictionary<string, Func<IBackend>> Factories = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Dictionary<string, IBackend> Instances = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Lock Gate = new();

    /// <summary>Assemblies probed for a backend of a given name when it was not registered in code.</summary>
    private static readonly Dictionary<string, string> KnownAssemblies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["native"] = "KerasSharp.Backends.Native",
        ["torch"] = "KerasSharp.Backends.Torch",
    };

    /// <summary>
    /// Names the assembly that provides the backend called <paramref name="name"/> (it declares
    /// <see cref="KerasSharpBackendAttribute"/>), so <see cref="Get"/> loads it on first use. Without this, a name
    /// "foo" is looked for in an assembly "KerasSharp.Backends.Foo".
    /// </summary>
    public static void RegisterAssembly(string name, string assemblyName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(assemblyName);
        lock (Gate) KnownAssemblies[name] = assemblyName;
    }

    /// <summary>Registers a backend factory under <paramref name="name"/> (replacing an earlier one).</summary>
    public static void Register(string name, Func<IBackend> factory)
    {
        lock (Gate) { Factories[name] = factory; Instances.Remove(name); }
    }

    /// <summary>Names of the backends that are registered or can be loaded.</summary>
    public static IReadOnlyList<string> KnownNames
    {
        get { lock (Gate) return Factories.Keys.Union(KnownAssemblies.Keys, StringComparer.OrdinalIgnoreCase).Order().ToList(); }
    }

    /// <summary>The single instance of the backend called <paramref name="name"/>.</summary>
    public static IBackend Get(string name)
    {
        lock (Gate)
        {
            if (Instances.TryGetValue(name, out var existing)) return existing;
            if (!Factories.TryGetValue(name, out var factory))
            {
                factory = Probe(name);
                Factories[name] = factory;
            }
            var backend = factory();
            Instances[name] = backend;
            return backend;
        }
    }

    private static Func<IBackend> Probe(string name)
    {
        bool named = KnownAssemblies.TryGetValue(name, out var assemblyName);
        if (!named)
        {
            if (name.Length == 0 || !name.All(char.IsAsciiLetterOrDigit))
                throw new ArgumentException($"Unknown backend '{name}'. Known backends: {string.Join(", ", KnownNames)}.");
            assemblyName = "KerasSharp.Backends." + char.ToUpperInvariant(name[0]) + name[1..].ToLowerInvariant();
        }
        Assembly assembly;
        try { assembly = Assembly.Load(assemblyName!); }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            if (!named)
                throw new ArgumentException(
                    $"Unknown backend '{name}': no assembly {assemblyName} was found. Known backends: {string.Join(", ", KnownNames)}; " +
                    "a backend of another name registers with BackendRegistry.Register or RegisterAssembly.", e);
            throw new InvalidOperationException(
                $"Backend '{name}' needs the assembly {assemblyName}, which could not be loaded ({e.Message}). " +
                $"Reference the package {assemblyName} from your project.", e);
        }
        var attribute = assembly.GetCustomAttributes<KerasSharpBackendAttribute>()
            .FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"Assembly {assemblyName} does not declare a backend named '{name}'.");
        return () => (IBackend)Activator.CreateInstance(attribute.BackendType)!;
    }
}
