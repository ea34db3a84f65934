using System.Collections.Concurrent;

namespace KerasSharp;

/// <summary>
/// The kind of processor a tensor lives on, by name ("cpu", "cuda", "emulated", or one a backend registers).
/// An open set: a new kind of device is a new name (<see cref="Register"/>), not an edit of a closed enum.
/// </summary>
/// <param name="Name">The lower-case name used in <c>KERASSHARP_DEVICE</c> and in <see cref="Device.ToString"/>.</param>
public readonly record struct DeviceType(string Name)
{
    private static readonly ConcurrentDictionary<string, DeviceType> Known = new(StringComparer.Ordinal);

    /// <summary>Host memory, CPU kernels.</summary>
    public static DeviceType Cpu { get; } = Register("cpu");

    /// <summary>An NVIDIA GPU.</summary>
    public static DeviceType Cuda { get; } = Register("cuda");

    /// <summary>
    /// A GPU emulated on the CPU: the native backend runs its GPU kernels and its device allocator on ILGPU's CPU
    /// accelerator, so GPU code paths are tested without a GPU. Slow; for tests and for trying GPU placement.
    /// </summary>
    public static DeviceType Emulated { get; } = Register("emulated");

    /// <summary>
    /// Makes <paramref name="name"/> a device kind that <see cref="Device.Parse"/> accepts (as "name" or "name:N").
    /// Registering a name twice gives the same kind.
    /// </summary>
    public static DeviceType Register(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var n = name.Trim().ToLowerInvariant();
        if (n.Contains(':') || n.Any(char.IsWhiteSpace))
            throw new ArgumentException($"Device kind '{name}' must be one word without ':' or spaces.", nameof(name));
        return Known.GetOrAdd(n, k => new DeviceType(k));
    }

    /// <summary>The registered kind called <paramref name="name"/>, if any.</summary>
    public static bool TryGet(string name, out DeviceType type) => Known.TryGetValue(name.Trim().ToLowerInvariant(), out type);

    /// <summary>Names of the registered kinds, sorted.</summary>
    public static IReadOnlyList<string> Names => Known.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The name.</summary>
    public override string ToString() => Name;
}

/// <summary>A device: a kind (<see cref="DeviceType"/>) and an index among the devices of that kind.</summary>
/// <param name="Type">The kind of device.</param>
/// <param name="Index">Which device of that kind (0 for the CPU).</param>
public readonly record struct Device(DeviceType Type, int Index = 0)
{
    /// <summary>The CPU.</summary>
    public static Device Cpu => new(DeviceType.Cpu);

    /// <summary>CUDA GPU number <paramref name="index"/>.</summary>
    public static Device Cuda(int index = 0) =>
        index < 0 ? throw new ArgumentOutOfRangeException(nameof(index), "CUDA device index must be >= 0.") : new(DeviceType.Cuda, index);

    /// <summary>The emulated GPU (<see cref="DeviceType.Emulated"/>): GPU kernels run on the CPU, for tests.</summary>
    public static Device Emulated => new(DeviceType.Emulated);

    /// <summary>True for every device but the CPU: its memory is not host memory.</summary>
    public bool IsAccelerator => Type != DeviceType.Cpu;

    /// <summary>Parses "cpu", "cuda", "gpu", "cuda:N", "emulated", or "kind[:N]" of a registered kind (as in KERASSHARP_DEVICE).</summary>
    public static Device Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        if (t == "gpu") return Cuda(0);
        var colon = t.IndexOf(':');
        var kind = colon < 0 ? t : t[..colon];
        int index = 0;
        bool indexOk = colon < 0 || int.TryParse(t.AsSpan(colon + 1), System.Globalization.NumberStyles.None, null, out index);
        if (kind.Length > 0 && DeviceType.TryGet(kind, out var type) && indexOk && !(type == DeviceType.Cpu && index != 0))
            return new Device(type, index);
        throw new ArgumentException(
            $"Unknown device '{text}'. Use cpu, cuda or cuda:N (kinds known: {string.Join(", ", DeviceType.Names)}; write kind or kind:N).");
    }

    /// <summary>The device chosen by KERASSHARP_DEVICE, or the CPU. Only tensors made from host data start here; ops follow their inputs.</summary>
    public static Device Default { get; set; } =
        Environment.GetEnvironmentVariable("KERASSHARP_DEVICE") is { Length: > 0 } d ? Parse(d) : Cpu;

    /// <summary>"cpu", or "kind:N" ("cuda:0", "emulated:0").</summary>
    public override string ToString() => Type == DeviceType.Cpu ? "cpu" : $"{Type.Name}:{Index}";
}
