using KerasSharp.Backends;

namespace KerasSharp;

/// <summary>
/// Chooses the backend that new tensors are created on: <c>KERASSHARP_BACKEND=native|torch</c>
/// or <see cref="Set(string)"/> in code. The default is "native".
/// </summary>
public static class Backend
{
    private static IBackend? _current;

    /// <summary>The backend new tensors are created on.</summary>
    public static IBackend Current
    {
        get => _current ??= BackendRegistry.Get(Environment.GetEnvironmentVariable("KERASSHARP_BACKEND") is { Length: > 0 } n ? n : "native");
    }

    /// <summary>Name of the current backend.</summary>
    public static string Name => Current.Name;

    /// <summary>Makes <paramref name="name"/> the current backend; existing tensors stay where they are.</summary>
    public static void Set(string name) => _current = BackendRegistry.Get(name);

    /// <summary>Makes <paramref name="backend"/> the current backend.</summary>
    public static void Set(IBackend backend) => _current = backend ?? throw new ArgumentNullException(nameof(backend));
}
