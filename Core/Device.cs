namespace KerasSharp;

/// <summary>The kind of processor a tensor lives on.</summary>
public enum DeviceType
{
    /// <summary>Host memory, CPU kernels.</summary>
    Cpu,
    /// <summary>An NVIDIA GPU.</summary>
    Cuda,
}

/// <summary>A device: the CPU or one CUDA GPU by index.</summary>
public readonly record struct Device(DeviceType Type, int Index = 0)
{
    /// <summary>The CPU.</summary>
    public static Device Cpu => new(DeviceType.Cpu);

    /// <summary>CUDA GPU number <paramref name="index"/>.</summary>
    public static Device Cuda(int index = 0) =>
        index < 0 ? throw new ArgumentOutOfRangeException(nameof(index), "CUDA device index must be >= 0.") : new(DeviceType.Cuda, index);

    /// <summary>Parses "cpu", "cuda" or "cuda:N" (as in KERASSHARP_DEVICE).</summary>
    public static Device Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t == "cpu") return Cpu;
        if (t == "cuda" || t == "gpu") return Cuda(0);
        if (t.StartsWith("cuda:") && int.TryParse(t.AsSpan(5), out var i) && i >= 0) return Cuda(i);
        throw new ArgumentException($"Unknown device '{text}'. Use cpu, cuda or cuda:N.");
    }

    /// <summary>The device chosen by KERASSHARP_DEVICE, or the CPU.</summary>
    public static Device Default { get; set; } =
        Environment.GetEnvironmentVariable("KERASSHARP_DEVICE") is { Length: > 0 } d ? Parse(d) : Cpu;

    /// <summary>"cpu" or "cuda:N".</summary>
    public override string ToString() => Type == DeviceType.Cpu ? "cpu" : $"cuda:{Index}";
}
