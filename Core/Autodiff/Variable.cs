namespace KerasSharp;

/// <summary>
/// A named, mutable tensor: model weights and optimizer state. A trainable variable is watched by every
/// <see cref="GradientTape"/> automatically. <see cref="Assign"/> replaces its value in place
/// (the object, and everything holding it, sees the new value).
/// </summary>
public sealed class Variable : Tensor
{
    /// <summary>Creates a variable holding <paramref name="initialValue"/> (shared, not copied: tensors are immutable).</summary>
    public Variable(Tensor initialValue, string? name = null, bool trainable = true)
        : base(Shared(initialValue), initialValue.Shape, initialValue.DType)
    {
        Name = name ?? $"variable_{Id}";
        Trainable = trainable;
    }

    private static Backends.TensorStorage Shared(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var s = t.Storage;
        s.AddRef();
        return s;
    }

    /// <summary>The variable's name.</summary>
    public string Name { get; }

    /// <summary>Whether tapes watch it and optimizers update it.</summary>
    public bool Trainable { get; set; }

    /// <summary>Replaces the value; shape and dtype must match.</summary>
    public void Assign(Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Shape != Shape || value.DType != DType)
            throw new ArgumentException($"Variable '{Name}': cannot assign a value of shape {value.Shape} {value.DType.Name()} to a variable of shape {Shape} {DType.Name()}.");
        if (!ReferenceEquals(value.Backend, Backend) || value.Device != Device)
            throw new ArgumentException($"Variable '{Name}': the value is on {value.Backend.Name} {value.Device}, the variable on {Backend.Name} {Device}.");
        ReplaceStorage(value.Storage, Shape);
    }

    /// <summary>
    /// Moves the value to <paramref name="device"/> of the same backend, in place: the variable (and everything holding
    /// it: layers, optimizers) now lives there. Nothing happens when it is there already.
    /// </summary>
    public void MoveTo(Device device)
    {
        if (device == Device) return;
        using var moved = To(device);
        ReplaceStorage(moved.Storage, Shape);
    }

    /// <summary>Adds <paramref name="delta"/> to the value.</summary>
    public void AssignAdd(Tensor delta)
    {
        using var sum = Ops.Add(this, delta);
        Assign(sum);
    }

    /// <summary>Subtracts <paramref name="delta"/> from the value.</summary>
    public void AssignSub(Tensor delta)
    {
        using var diff = Ops.Subtract(this, delta);
        Assign(diff);
    }

    /// <summary>A tensor holding the current value that later assignments do not change.</summary>
    public Tensor Snapshot() => ShareStorage(this, Shape);

    /// <summary>Name, shape, dtype and values.</summary>
    public override string ToString() => $"Variable '{Name}' " + base.ToString();
}
